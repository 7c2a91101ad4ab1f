import { expect, test } from 'vitest';
import { criterion, lab, startInstance } from '../../grading/grader-kit.ts';
import { auditDependencies } from '../audit-dependencies.ts';
import { commonRunEnv } from '../common-manifest.ts';
import { findSecrets } from '../scan-secrets.ts';
import { describeInput, sendInput } from '../send-input.ts';

/** Statuses that say the route is missing, not that the input was refused. */
const ENDPOINT_MISSING = new Set([404, 405, 501]);

/** A Node stack frame: the program crashed on the input instead of refusing it. */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?)$/m;

criterion('C6', 'Security', () => {
  test('no secret in your files (secretlint, recommended rules), no .env with values', async () => {
    const findings = await findSecrets(lab().programDir);
    expect(findings, `secrets found (read them from the environment instead):\n${findings.join('\n')}`).toEqual([]);
  });

  test('no high or critical advisory in your dependencies (npm audit)', async (context) => {
    const ctx = lab();
    const outcome = await auditDependencies(ctx.programDir, ctx);
    if (outcome.kind !== 'done') {
      context.skip(`not checked: ${outcome.reason}`);
      return;
    }
    expect(
      outcome.findings,
      `npm audit --audit-level=high found (upgrade, or list each in audit-exceptions.json with a reason):\n${outcome.findings.join('\n')}`,
    ).toEqual([]);
  });

  test('malformed input to the main endpoint is refused with a 4xx, never a 5xx or a crash', async () => {
    const ctx = lab();
    if (!ctx.common) throw new Error(`project ${ctx.exerciseId} has no \`common\` part in its manifest`);
    const { malformed } = ctx.common;
    const env = commonRunEnv(ctx.common);
    const problems: string[] = [];
    if (ctx.contractKind === 'service') {
      const instance = await startInstance('c6', env);
      for (const input of malformed) {
        const answer = await sendInput(input, { baseUrl: instance.url, extraEnv: env }).catch((error: Error) => error);
        if (answer instanceof Error) problems.push(`${describeInput(input)} → no answer: ${answer.message}`);
        else if (answer.kind === 'http' && (answer.status < 400 || answer.status > 499)) {
          problems.push(`${describeInput(input)} → ${answer.status} ${answer.body.slice(0, 200)}`);
        } else if (answer.kind === 'http' && ENDPOINT_MISSING.has(answer.status)) {
          // Refused, but only because the route is not there: the validation was never reached.
          problems.push(`${describeInput(input)} → ${answer.status}: the main endpoint does not exist yet`);
        }
      }
      const alive = await fetch(`${instance.url}${ctx.readyPath ?? '/'}`).catch(() => undefined);
      if (!alive?.ok) problems.push(`after these inputs your program no longer answers ${ctx.readyPath}`);
      await instance.stop();
    } else {
      for (const input of malformed) {
        const answer = await sendInput(input, { extraEnv: env });
        if (answer.kind !== 'cli') continue;
        const r = answer.result;
        const crashed = r.signal !== null || STACK_FRAME.test(r.stderr);
        if (crashed || (r.exitCode !== 1 && r.exitCode !== 2) || !r.stderr.trim()) {
          problems.push(
            `${describeInput(input)} → exit ${r.exitCode ?? r.signal}${crashed ? ' with a stack trace' : ''} (expected exit 1 or 2 and a message on stderr): ${r.stderr.trim().slice(-300)}`,
          );
        }
      }
    }
    expect(problems, `malformed input was not refused cleanly:\n${problems.join('\n')}`).toEqual([]);
  });
});
