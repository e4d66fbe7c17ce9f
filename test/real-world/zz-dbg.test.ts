import { it } from 'vitest';
import { enrichLine } from '../../src/index.js';
it('dbg', () => { for (const l of ['request failed [APIGW.0301] Incorrect IAM authentication information', `<Error><Code>NoSuchKey</Code><Message>m</Message><RequestId>001B21A61C6C0000013402C4616D5285</RequestId><HostId>x</HostId></Error>`]) console.log(enrichLine(l)); });
