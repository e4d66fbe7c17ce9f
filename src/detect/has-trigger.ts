/**
 * The byte pre-filter: a line with none of the rules' trigger literals cannot hold a payload, so
 * it is never decoded or parsed for detection. This is where most of errenrich's speed comes from.
 */
export function hasByteTrigger(bytes: Buffer, triggers: readonly Buffer[]): boolean {
  for (let i = 0; i < triggers.length; i++) if (bytes.indexOf(triggers[i]!) !== -1) return true;
  return false;
}
