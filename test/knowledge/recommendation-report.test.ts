// The recommendation report on real guidelines whose tables are laid out differently: rotated topic labels with
// centred numbers (CKD), horizontal topic rows with top-aligned numbers (diabetes), bullet lists inside cells (sleep).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRecommendations } from '../../src/knowledge/recommendation-report.js';

const VADOD = path.resolve(__dirname, '../../../shared/guidelines/va-dod');

describe('checkRecommendations', () => {
  it.each([
    ['VADoDCKDCPGFinal5082142020.pdf', 35],
    ['VADoDDMCPGFinal508.pdf', 25],
    ['VADoDSleepCPGFinal508.pdf', 41],
  ])(
    '%s: every number printed in the table is extracted once, with the strength its discussion restates',
    async (file, count) => {
      const check = await checkRecommendations(path.join(VADOD, file));
      expect(check.expected).toHaveLength(count);
      expect(check.extracted).toHaveLength(count);
      expect(check.withStrength).toBe(count);
      expect(check.missing).toEqual([]);
      expect(check.extra).toEqual([]);
      expect(check.strengthMismatches).toEqual([]);
      expect(check.exact).toBe(true);
    },
  );
});
