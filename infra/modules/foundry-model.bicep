// Optional Azure AI Foundry model deployment (issue 20): an AI Services (Foundry) account with one model deployment from the
// Foundry catalog (OpenAI or another publisher, e.g. a healthcare model), reached by Curbside through the OpenAI/v1 route
// (https://<name>.services.ai.azure.com/openai/v1/, the deployment named as `model`, no api-version). Keyless only: local
// (key) auth is off; the web app and the administrator get a data-plane role.

@description('Account name; also its custom subdomain (<name>.services.ai.azure.com).')
param name string
param location string
@description('Model publisher format in the Foundry catalog, e.g. OpenAI, Microsoft, Meta, Mistral AI, xAI.')
param modelFormat string
param modelName string
param modelVersion string
@description('Deployment name: what Curbside sends as `model` (CURBSIDE_MODEL_PROFILE_FOUNDRY_DEPLOYMENT).')
param deploymentName string
@allowed(['Standard', 'GlobalStandard', 'DataZoneStandard'])
param deploymentSku string
@description('Capacity in thousands of tokens per minute.')
param capacity int
@allowed(['Enabled', 'Disabled'])
param publicNetworkAccess string
@description('Principal id of the web app\'s system-assigned identity (keyless calls from Curbside).')
param appPrincipalId string
@description('Object id of the administrator who runs `curbside eval answers --model ...`; empty: no admin role.')
param adminPrincipalId string
param adminPrincipalType string

// Cognitive Services User: inference on every model of an AI Services account (OpenAI and other publishers) with Entra ID.
var cognitiveServicesUser = 'a97b65f3-24c7-4388-baec-2e87135dc908'

resource foundry 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  kind: 'AIServices'
  sku: { name: 'S0' }
  properties: {
    customSubDomainName: name
    publicNetworkAccess: publicNetworkAccess
    disableLocalAuth: true
  }
}

resource deployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: foundry
  name: deploymentName
  sku: { name: deploymentSku, capacity: capacity }
  properties: {
    model: { format: modelFormat, name: modelName, version: modelVersion }
  }
}

resource appUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(foundry.id, appPrincipalId, cognitiveServicesUser)
  scope: foundry
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cognitiveServicesUser)
  }
}

resource adminUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(adminPrincipalId)) {
  name: guid(foundry.id, adminPrincipalId, cognitiveServicesUser)
  scope: foundry
  properties: {
    principalId: adminPrincipalId
    principalType: adminPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cognitiveServicesUser)
  }
}

@description('The OpenAI/v1 endpoint (CURBSIDE_MODEL_PROFILE_FOUNDRY_ENDPOINT, or AZURE_OPENAI_ENDPOINT to answer with it).')
output endpoint string = 'https://${foundry.properties.customSubDomainName}.services.ai.azure.com/openai/v1'
output deploymentName string = deployment.name
