import { it } from 'vitest';
import { enrichLine } from '../../src/index.js';
it('dbg', () => { for (const l of ['{"code":4040999,"message":"No such volume snapshot."}','{"code":5000001,"message":"internal error"}']) console.log(enrichLine(l)); });
