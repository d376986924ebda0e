// Runs graphql-http's GraphQL-over-HTTP server audits against a running
// newsgraph server and prints each result.
//
//   node audit.mjs http://127.0.0.1:8080/graphql
//
// Exit status: 0 when every MUST audit passes, 1 when any fails, 2 on a
// usage error or when the audits could not run. SHOULD and MAY audits are
// printed with their results but never fail the run: they are
// recommendations of the specification, not requirements.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL   (the GraphQL endpoint, e.g. http://127.0.0.1:8080/graphql)');
  process.exit(2);
}

const levels = ['MUST', 'SHOULD', 'MAY'];
const tally = Object.fromEntries(levels.map((l) => [l, { pass: 0, fail: 0 }]));
const failedMusts = [];

for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const level = levels.find((l) => audit.name.startsWith(l)) ?? 'MAY';
  let result;
  try {
    result = await audit.fn();
  } catch (err) {
    // An audit throws only when it cannot run at all (the server is down).
    console.error(`audit ${audit.id} could not run: ${err?.message ?? err}`);
    process.exit(2);
  }
  if (result.status === 'ok') {
    tally[level].pass++;
    console.log(`PASS  ${audit.id}  ${audit.name}`);
    continue;
  }
  tally[level].fail++;
  console.log(`FAIL  ${audit.id}  ${audit.name}`);
  console.log(`      ${result.reason.split('\n').join('\n      ')}`);
  if (level === 'MUST') failedMusts.push(audit);
}

console.log('');
for (const level of levels) {
  const { pass, fail } = tally[level];
  console.log(`${level.padEnd(6)} ${pass} passed, ${fail} failed`);
}
if (failedMusts.length > 0) {
  console.log(`\n${failedMusts.length} MUST audit(s) failed: ${failedMusts.map((a) => a.id).join(', ')}`);
  process.exit(1);
}
console.log('\nevery MUST audit passed');
