// Curbside on Azure: the bot on App Service (Linux, Node 24 LTS), Azure Bot with the Teams and Microsoft 365 channels, Azure
// AI Search with the semantic ranker, Azure OpenAI (chat + embeddings), Table storage for conversation state, feedback and the
// audit trail, Application Insights on Log Analytics. Optional private endpoints and diagnostic settings (off by default).
// Run `npx curbside azure preflight` first: it checks the models, versions and quota below in the chosen region. Keyless throughout: managed identities and role assignments, local auth (keys) disabled.
// Deployed by `m365agents.yml` (arm/deploy) or `az deployment group create -f infra/main.bicep -p infra/main.parameters.json`.

targetScope = 'resourceGroup'

@minLength(3)
@maxLength(16)
@description('Prefix of every resource name; a hash of the resource group keeps global names unique.')
param resourceBaseName string = 'curbside'

@description('Region of the resources (Azure OpenAI models and the semantic ranker must be available there).')
param location string = resourceGroup().location

@maxLength(42)
@description('Name shown for the bot in Teams.')
param botDisplayName string = 'Curbside'

@allowed(['F0', 'S1'])
@description('Azure Bot pricing tier (F0 is free; Teams is a standard channel on both).')
param botSku string = 'F0'

@allowed(['B1', 'B2', 'S1', 'P0v3', 'P1v3', 'P2v3'])
@description('App Service plan size; P*v3 for production (more memory, zone redundancy options).')
param appServiceSku string = 'B1'

@allowed(['basic', 'standard', 'standard2'])
@description('Azure AI Search tier; the semantic ranker needs basic or above.')
param searchSku string = 'basic'

@allowed(['disabled', 'free', 'standard'])
@description('Semantic ranker plan: free = 1,000 queries a month, standard = pay per 1,000 queries.')
param semanticSearch string = 'standard'

@description('Name of the search index that `curbside azure index` creates.')
param searchIndexName string = 'curbside-guidelines'

// gpt-4o 2024-11-20 is deprecated (retires 2026-10-01; deprecated models cannot be newly deployed). gpt-5.1 is the
// replacement Microsoft's retirement schedule names. `curbside azure preflight` confirms the version is offered in the region.
@description('Chat model and version (check with `npx curbside azure preflight`).')
param chatModelName string = 'gpt-5.1'
param chatModelVersion string = '2025-11-13'
@description('Name of the chat deployment; stays the same when the model changes, so app settings do not.')
param chatDeploymentName string = 'chat'
@description('true for reasoning models (o-series, gpt-5.x): API version 2025-04-01-preview, max_completion_tokens (reasoning tokens count), no temperature.')
param chatIsReasoningModel bool = true
@allowed(['Standard', 'GlobalStandard', 'DataZoneStandard'])
@description('DataZoneStandard keeps processing inside the data zone (EU or US), as many hospital policies require.')
param chatDeploymentSku string = 'GlobalStandard'
@description('Chat capacity in thousands of tokens per minute.')
param chatCapacity int = 50

param embeddingModelName string = 'text-embedding-3-small'
param embeddingModelVersion string = '1'
@allowed(['Standard', 'GlobalStandard', 'DataZoneStandard'])
param embeddingDeploymentSku string = 'Standard'
@description('Embedding capacity in thousands of tokens per minute (a first push of ~15,000 passages takes ~5 minutes at 120).')
param embeddingCapacity int = 120
// text-embedding-3-small version 1 retires 2027-04-15. Changing the embedding model (or its dimensions) is a re-index: set a
// new searchIndexName, provision, `curbside azure index` + `azure push` into it; vectors of two models never share an index.
@description('Vector size; must match the index (changing it later needs a new index name).')
param embeddingDimensions int = 1536

// Optional second chat model from the Azure AI Foundry catalog (e.g. a healthcare model), deployed beside the Azure OpenAI one in
// its own AI Services account (infra/modules/foundry-model.bicep) and reached through the OpenAI/v1 route. The app gets it as
// the model profile "foundry" (`curbside eval answers --model default --model foundry`); to answer with it, point
// AZURE_OPENAI_ENDPOINT / AZURE_OPENAI_DEPLOYMENT at it once it has been validated.
@description('Foundry catalog model to deploy beside the chat model; empty: none.')
param foundryModelName string = ''
@description('Its publisher format in the catalog (OpenAI, Microsoft, Meta, Mistral AI, xAI, ...).')
param foundryModelFormat string = 'OpenAI'
param foundryModelVersion string = ''
@description('Deployment name: sent as `model` on the OpenAI/v1 route.')
param foundryDeploymentName string = 'foundry-chat'
@allowed(['Standard', 'GlobalStandard', 'DataZoneStandard'])
param foundryDeploymentSku string = 'GlobalStandard'
@description('Foundry model capacity in thousands of tokens per minute.')
param foundryCapacity int = 50
@description('true for reasoning models: max_completion_tokens, no temperature.')
param foundryIsReasoningModel bool = false
@description('Model name (and version) the Foundry deployment must answer as; empty: not pinned. /readyz fails on a mismatch when it serves answers.')
param foundryExpectedModel string = ''

@description('Object id of the administrator who runs `curbside azure index/push` (az ad signed-in-user show --query id -o tsv). Empty: no admin roles.')
param adminPrincipalId string = ''
@allowed(['User', 'Group', 'ServicePrincipal'])
param adminPrincipalType string = 'User'

@description('Optional Azure Health Data Services de-identification service URL (https://<name>.api.deid.azure.com): a second de-identification pass on top of the local one. Empty: local only. Grant the web app system-assigned identity the "DeID Real-time Data User" role on that service.')
param deidEndpoint string = ''

@minValue(30)
@maxValue(730)
@description('Days Log Analytics keeps the logs.')
param logRetentionDays int = 90

@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
@description('Storage redundancy. ZRS/GZRS exist only in regions with availability zones.')
param storageSku string = 'Standard_LRS'

@description('Private endpoints for Search, OpenAI and Storage (Table), and public network access off on them. Needs the two subnets below.')
param enablePrivateEndpoints bool = false
@description('Subnet resource id for the private endpoints (enablePrivateEndpoints).')
param privateEndpointSubnetId string = ''
@description('Subnet resource id (delegated to Microsoft.Web/serverFarms) for the web app VNet integration (enablePrivateEndpoints).')
param appSubnetId string = ''
@description('Private DNS zone ids, each optional: search (privatelink.search.windows.net), openai (privatelink.openai.azure.com), table (privatelink.table.core.windows.net).')
param privateDnsZoneIds object = {}

@description('Diagnostic settings (all logs + metrics to Log Analytics) for Search, OpenAI and the Bot.')
param enableDiagnostics bool = false

@description('SCM (Kudu) basic-auth publishing credentials. FTP basic auth is always off; zip deploy with an Entra token does not need SCM basic auth, but this was not verified against the toolkit from here.')
param scmBasicAuth bool = true

var suffix = uniqueString(subscription().id, resourceGroup().id, resourceBaseName)
var baseName = toLower('${resourceBaseName}-${take(suffix, 6)}')
var storageName = toLower('st${take(replace(resourceBaseName, '-', ''), 12)}${take(suffix, 8)}')
var tenantId = tenant().tenantId
var publicAccess = enablePrivateEndpoints ? 'Disabled' : 'Enabled'
// V8 old-space heap per plan, about 60% of the instance's memory (the rest: native SQLite/pdf buffers, the OS, Kudu).
var heapMbBySku = { B1: 1024, B2: 2048, S1: 1024, P0v3: 2560, P1v3: 4864, P2v3: 9728 }
var heapMb = heapMbBySku[appServiceSku]

// Built-in role definition ids.
var foundryAccountName = '${baseName}-foundry'
var foundryEndpoint = empty(foundryModelName) ? '' : 'https://${foundryAccountName}.services.ai.azure.com/openai/v1'

var roles = {
  searchIndexDataReader: '1407120a-92aa-4202-b7e9-c0e197c71c8f'
  searchIndexDataContributor: '8ebe5a00-799e-43f5-93ac-243d3dce84a7'
  searchServiceContributor: '7ca78c08-252a-4471-8644-bb5ff32d4ba0'
  cognitiveServicesOpenAIUser: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

// ---- observability ---------------------------------------------------------------------------------------------

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${baseName}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${baseName}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
  }
}

// ---- identities --------------------------------------------------------------------------------------------------

// The bot's Microsoft App identity (msaAppType UserAssignedMSI): no client secret to rotate.
resource botIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${baseName}-bot-identity'
  location: location
}

// ---- data services -----------------------------------------------------------------------------------------------

resource search 'Microsoft.Search/searchServices@2023-11-01' = {
  name: '${baseName}-search'
  location: location
  sku: { name: searchSku }
  properties: {
    replicaCount: 1
    partitionCount: 1
    hostingMode: 'default'
    publicNetworkAccess: toLower(publicAccess)
    semanticSearch: semanticSearch
    // Entra ID (role assignments) only: no admin or query keys.
    disableLocalAuth: true
  }
}

resource openAI 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: '${baseName}-openai'
  location: location
  kind: 'OpenAI'
  sku: { name: 'S0' }
  properties: {
    customSubDomainName: '${baseName}-openai'
    publicNetworkAccess: publicAccess
    disableLocalAuth: true
  }
}

resource chatDeployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: openAI
  name: chatDeploymentName
  sku: { name: chatDeploymentSku, capacity: chatCapacity }
  properties: {
    model: { format: 'OpenAI', name: chatModelName, version: chatModelVersion }
  }
}

resource embeddingDeployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: openAI
  name: embeddingModelName
  sku: { name: embeddingDeploymentSku, capacity: embeddingCapacity }
  properties: {
    model: { format: 'OpenAI', name: embeddingModelName, version: embeddingModelVersion }
  }
  // One deployment at a time per account, or ARM answers 409.
  dependsOn: [chatDeployment]
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: storageSku }
  properties: {
    accessTier: 'Hot'
    publicNetworkAccess: publicAccess
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource feedbackTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: 'feedback'
}

resource stateTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: 'conversationstate'
}

// The audit trail (who, when, which sources, outcome; never question or answer text): SQLite on /home (an SMB share) fails.
resource auditTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: 'audit'
}

// Review items (clinician feedback sent to review, with de-identified question and answer): `curbside review`, /api/reviews.
resource reviewTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: 'reviews'
}

// ---- the bot -----------------------------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${baseName}-plan'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku }
  properties: { reserved: true }
}

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: '${baseName}-app'
  location: location
  kind: 'app,linux'
  identity: {
    // System-assigned: the app's own access to Search, OpenAI and Storage. User-assigned: the bot's app identity.
    type: 'SystemAssigned, UserAssigned'
    userAssignedIdentities: { '${botIdentity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    virtualNetworkSubnetId: enablePrivateEndpoints ? appSubnetId : null
    vnetRouteAllEnabled: enablePrivateEndpoints
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      // Compiled JavaScript (dist/, built by `npm install` -> prepare during the deployment build) with a heap sized to the plan.
      appCommandLine: 'node --max-old-space-size=${heapMb} bin/start.js'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      healthCheckPath: '/healthz'
      appSettings: [
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
        { name: 'BOT_ID', value: botIdentity.properties.clientId }
        { name: 'BOT_TYPE', value: 'UserAssignedMSI' }
        { name: 'BOT_TENANT_ID', value: tenantId }
        // Citation links to /guidelines/ are built from this, never from a request's Host header.
        { name: 'CURBSIDE_PUBLIC_URL', value: 'https://${baseName}-app.azurewebsites.net' }
        { name: 'CURBSIDE_RETRIEVAL_ENGINE', value: 'azure' }
        { name: 'AZURE_SEARCH_ENDPOINT', value: 'https://${search.name}.search.windows.net' }
        { name: 'AZURE_SEARCH_INDEX', value: searchIndexName }
        { name: 'AZURE_SEARCH_SEMANTIC_CONFIGURATION', value: semanticSearch == 'disabled' ? 'none' : 'curbside-semantic' }
        { name: 'AZURE_OPENAI_ENDPOINT', value: openAI.properties.endpoint }
        { name: 'AZURE_OPENAI_DEPLOYMENT', value: chatDeployment.name }
        { name: 'AZURE_OPENAI_REASONING_MODEL', value: string(chatIsReasoningModel) }
        { name: 'AZURE_OPENAI_EMBEDDING_DEPLOYMENT', value: embeddingDeployment.name }
        { name: 'AZURE_OPENAI_EMBEDDING_DIMENSIONS', value: string(embeddingDimensions) }
        // The Foundry deployment as model profile "foundry" (empty when none is deployed); keyless, OpenAI/v1 route.
        { name: 'CURBSIDE_MODEL_PROFILE_FOUNDRY_ENDPOINT', value: foundryEndpoint }
        { name: 'CURBSIDE_MODEL_PROFILE_FOUNDRY_DEPLOYMENT', value: foundryDeploymentName }
        { name: 'CURBSIDE_MODEL_PROFILE_FOUNDRY_REASONING_MODEL', value: string(foundryIsReasoningModel) }
        { name: 'CURBSIDE_MODEL_PROFILE_FOUNDRY_EXPECTED_MODEL', value: foundryExpectedModel }
        { name: 'AZURE_STORAGE_ACCOUNT_NAME', value: storage.name }
        { name: 'AZURE_STORAGE_FEEDBACK_TABLE', value: feedbackTable.name }
        { name: 'AZURE_STORAGE_STATE_TABLE', value: stateTable.name }
        { name: 'AZURE_STORAGE_AUDIT_TABLE', value: auditTable.name }
        { name: 'AZURE_STORAGE_REVIEW_TABLE', value: reviewTable.name }
        // dist/ only: never fall back to compiling TypeScript on the server.
        { name: 'CURBSIDE_LAUNCH', value: 'dist' }
        { name: 'AZURE_DEID_ENDPOINT', value: deidEndpoint }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
        // App Service's Node.js auto-instrumentation agent sends requests, dependencies and exceptions to Application Insights.
        { name: 'ApplicationInsightsAgent_EXTENSION_VERSION', value: '~3' }
        // Local disk, caches only: audit, feedback and conversation state are in Table storage. Not /home: it is an SMB share,
        // where SQLite's WAL locking fails ("database is locked").
        { name: 'CURBSIDE_DATA_DIR', value: '/tmp/curbside' }
        { name: 'LOG_LEVEL', value: 'info' }
      ]
    }
  }
}

// Console output (the app's structured JSON logs), HTTP and platform logs go to Log Analytics.
resource webDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: web
  properties: {
    workspaceId: logAnalytics.id
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
    ]
    metrics: [{ category: 'AllMetrics', enabled: true }]
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${baseName}-bot'
  location: 'global'
  kind: 'azurebot'
  sku: { name: botSku }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${web.properties.defaultHostName}/api/messages'
    msaAppId: botIdentity.properties.clientId
    msaAppType: 'UserAssignedMSI'
    msaAppMSIResourceId: botIdentity.id
    msaAppTenantId: tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true, acceptedTerms: true }
  }
}

// Microsoft 365 channel: the custom engine agent in Microsoft 365 Copilot (teamsApp/extendToM365) reaches the bot through it.
resource m365Channel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'M365Extensions'
  location: 'global'
  properties: {
    channelName: 'M365Extensions'
  }
}

// FTP basic-auth publishing off (ftpsState is Disabled too); SCM basic auth per scmBasicAuth.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: web
  name: 'ftp'
  properties: { allow: false }
}

resource scmBasicAuthPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: web
  name: 'scm'
  properties: { allow: scmBasicAuth }
}

// ---- optional: private endpoints (hospital tenants often deny public network access by policy) ----------------------

resource searchPrivateEndpoint 'Microsoft.Network/privateEndpoints@2023-11-01' = if (enablePrivateEndpoints) {
  name: '${baseName}-search-pe'
  location: location
  properties: {
    subnet: { id: privateEndpointSubnetId }
    privateLinkServiceConnections: [
      { name: 'search', properties: { privateLinkServiceId: search.id, groupIds: ['searchService'] } }
    ]
  }
}

resource searchPrivateDns 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-11-01' = if (enablePrivateEndpoints && contains(privateDnsZoneIds, 'search')) {
  parent: searchPrivateEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [{ name: 'search', properties: { privateDnsZoneId: privateDnsZoneIds.?search ?? '' } }]
  }
}

resource openAIPrivateEndpoint 'Microsoft.Network/privateEndpoints@2023-11-01' = if (enablePrivateEndpoints) {
  name: '${baseName}-openai-pe'
  location: location
  properties: {
    subnet: { id: privateEndpointSubnetId }
    privateLinkServiceConnections: [
      { name: 'openai', properties: { privateLinkServiceId: openAI.id, groupIds: ['account'] } }
    ]
  }
}

resource openAIPrivateDns 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-11-01' = if (enablePrivateEndpoints && contains(privateDnsZoneIds, 'openai')) {
  parent: openAIPrivateEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [{ name: 'openai', properties: { privateDnsZoneId: privateDnsZoneIds.?openai ?? '' } }]
  }
}

resource tablePrivateEndpoint 'Microsoft.Network/privateEndpoints@2023-11-01' = if (enablePrivateEndpoints) {
  name: '${baseName}-table-pe'
  location: location
  properties: {
    subnet: { id: privateEndpointSubnetId }
    privateLinkServiceConnections: [
      { name: 'table', properties: { privateLinkServiceId: storage.id, groupIds: ['table'] } }
    ]
  }
}

resource tablePrivateDns 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-11-01' = if (enablePrivateEndpoints && contains(privateDnsZoneIds, 'table')) {
  parent: tablePrivateEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [{ name: 'table', properties: { privateDnsZoneId: privateDnsZoneIds.?table ?? '' } }]
  }
}

// ---- optional: diagnostic settings for the data services and the bot ------------------------------------------------

resource searchDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (enableDiagnostics) {
  name: 'to-log-analytics'
  scope: search
  properties: {
    workspaceId: logAnalytics.id
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'AllMetrics', enabled: true }]
  }
}

resource openAIDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (enableDiagnostics) {
  name: 'to-log-analytics'
  scope: openAI
  properties: {
    workspaceId: logAnalytics.id
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'AllMetrics', enabled: true }]
  }
}

resource botDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (enableDiagnostics) {
  name: 'to-log-analytics'
  scope: bot
  properties: {
    workspaceId: logAnalytics.id
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'AllMetrics', enabled: true }]
  }
}

// ---- role assignments (instead of keys) ---------------------------------------------------------------------------

resource webSearchReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(search.id, web.id, roles.searchIndexDataReader)
  scope: search
  properties: {
    principalId: web.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.searchIndexDataReader)
  }
}

resource webOpenAIUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(openAI.id, web.id, roles.cognitiveServicesOpenAIUser)
  scope: openAI
  properties: {
    principalId: web.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.cognitiveServicesOpenAIUser)
  }
}

resource webTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, web.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    principalId: web.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
  }
}

// The administrator creates the index and pushes guidelines (embeddings included) from their own machine.
resource adminSearchServiceContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(adminPrincipalId)) {
  name: guid(search.id, adminPrincipalId, roles.searchServiceContributor)
  scope: search
  properties: {
    principalId: adminPrincipalId
    principalType: adminPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.searchServiceContributor)
  }
}

resource adminSearchDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(adminPrincipalId)) {
  name: guid(search.id, adminPrincipalId, roles.searchIndexDataContributor)
  scope: search
  properties: {
    principalId: adminPrincipalId
    principalType: adminPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.searchIndexDataContributor)
  }
}

resource adminOpenAIUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(adminPrincipalId)) {
  name: guid(openAI.id, adminPrincipalId, roles.cognitiveServicesOpenAIUser)
  scope: openAI
  properties: {
    principalId: adminPrincipalId
    principalType: adminPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.cognitiveServicesOpenAIUser)
  }
}

// Foundry model deployment beside the Azure OpenAI one (only when foundryModelName is set), with the keyless roles.
module foundry 'modules/foundry-model.bicep' = if (!empty(foundryModelName)) {
  name: 'foundry-model'
  params: {
    name: foundryAccountName
    location: location
    modelFormat: empty(foundryModelFormat) ? 'OpenAI' : foundryModelFormat
    modelName: foundryModelName
    modelVersion: foundryModelVersion
    deploymentName: foundryDeploymentName
    deploymentSku: foundryDeploymentSku
    capacity: foundryCapacity
    publicNetworkAccess: publicAccess
    appPrincipalId: web.identity.principalId
    adminPrincipalId: adminPrincipalId
    adminPrincipalType: adminPrincipalType
  }
}

// ---- outputs: written by the Agents Toolkit into env/.env.<env> (names are the variables) ------------------------------

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = web.id
output BOT_DOMAIN string = web.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${web.properties.defaultHostName}'
output BOT_ID string = botIdentity.properties.clientId
output BOT_TENANT_ID string = tenantId
output AZURE_SEARCH_ENDPOINT string = 'https://${search.name}.search.windows.net'
output AZURE_SEARCH_INDEX string = searchIndexName
output AZURE_OPENAI_ENDPOINT string = openAI.properties.endpoint
output AZURE_OPENAI_DEPLOYMENT string = chatDeployment.name
output AZURE_OPENAI_REASONING_MODEL string = string(chatIsReasoningModel)
output AZURE_OPENAI_EMBEDDING_DEPLOYMENT string = embeddingDeployment.name
output AZURE_OPENAI_EMBEDDING_DIMENSIONS string = string(embeddingDimensions)
output AZURE_STORAGE_ACCOUNT_NAME string = storage.name
output AZURE_LOG_ANALYTICS_WORKSPACE_ID string = logAnalytics.properties.customerId
output CURBSIDE_MODEL_PROFILE_FOUNDRY_ENDPOINT string = foundryEndpoint
output CURBSIDE_MODEL_PROFILE_FOUNDRY_DEPLOYMENT string = foundryDeploymentName
