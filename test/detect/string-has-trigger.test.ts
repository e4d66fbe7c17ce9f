/**
 * stringHasTrigger compares the literals that hold the anchor ("ode") only where the anchor
 * occurs: it must answer exactly as searching the string for every literal would.
 */
import { describe, expect, it } from 'vitest';
import { stringHasTrigger } from '../../src/detect/detect-payloads.js';
import { loadKnowledge } from '../../src/index.js';

const RULES = loadKnowledge().rules;

/** The plain definition: some trigger literal occurs in the string. */
function anyLiteral(s: string): boolean {
  return RULES.triggerStrings.some((t) => s.includes(t));
}

describe('stringHasTrigger', () => {
  it('holds literals that contain the anchor after their first character', () => {
    expect(RULES.stringTriggerPlan.withAnchor.some((t) => t.anchorAt > 0)).toBe(true);
    for (const t of RULES.stringTriggerPlan.withAnchor) expect(t.literal.indexOf(RULES.stringTriggerPlan.anchor)).toBe(t.anchorAt);
  });

  it('answers as a search for every literal: at the start, the end, overlapping anchors, near misses', () => {
    const texts: string[] = ['', 'ode', 'odeode', 'node_modules/x', 'encode mode', 'c', 'co', 'cod'];
    for (const t of RULES.triggerStrings) {
      texts.push(t, `x${t}`, `${t}x`, t.slice(1), t.slice(0, -1), `${t.slice(0, -1)} ${t.slice(-1)}`, `ode${t}`, `${t.slice(0, 2)}${t}`, t.toUpperCase(), t.replace('ode', 'odeode'));
    }
    texts.push('{"level":"error","code":"card_declined"}', 'at Client.request (/app/node_modules/tencentcloud-sdk-nodejs/x.js:1:2)', '"errorcode" "errCod e" ErrorCode:1');
    for (const s of texts) expect(stringHasTrigger(s, RULES), JSON.stringify(s)).toBe(anyLiteral(s));
  });
});
