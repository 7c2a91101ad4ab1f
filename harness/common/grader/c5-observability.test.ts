import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, lab, parsePrometheusText, type Scrape, startInstance } from '../../grading/grader-kit.ts';
import { commonRunEnv } from '../common-manifest.ts';
import { isRuntimeWarning, logLineProblem } from '../log-lines.ts';
import { type OtlpReceiver, startOtlpReceiver } from '../otlp-receiver.ts';
import { describeInput, type InputAnswer, sendInput } from '../send-input.ts';

const SPAN_WAIT_MS = 15_000;

/** What one drive of the key path showed. */
interface Observed {
  readonly answers: { input: string; answer: InputAnswer }[];
  logLines: string[];
  before?: Scrape;
  after?: Scrape;
}

let receiver: OtlpReceiver;
const observed: Observed = { answers: [], logLines: [] };

criterion('C5', 'Observability', () => {
  beforeAll(async () => {
    const ctx = lab();
    const common = ctx.common;
    if (!common) throw new Error(`project ${ctx.exerciseId} has no \`common\` part in its manifest`);
    receiver = await startOtlpReceiver();
    // The program's credentials (common.env) and where its telemetry goes.
    const env = {
      ...commonRunEnv(common),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: `lab-project-${ctx.exerciseId}`,
      OTEL_BSP_SCHEDULE_DELAY: '500',
    };
    if (ctx.contractKind === 'service') {
      const instance = await startInstance('c5', env);
      const scrape = async () =>
        parsePrometheusText(await (await fetch(`${instance.url}${common.metricsPath}`)).text());
      observed.before = await scrape();
      for (const input of common.traffic) {
        observed.answers.push({
          input: describeInput(input),
          answer: await sendInput(input, { baseUrl: instance.url, extraEnv: env }),
        });
      }
      observed.after = await scrape();
      await spansOrTimeout();
      await instance.stop();
      const prefix = '[your program] [c5] ';
      const log = join(ctx.logDir, 'C5.log');
      observed.logLines = existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter((line) => line.startsWith(prefix))
            .map((line) => line.slice(prefix.length))
        : [];
    } else {
      const textfile = join(ctx.workDir, 'c5-metrics.prom');
      for (const input of common.traffic) {
        const answer = await sendInput(input, { extraEnv: { ...env, METRICS_TEXTFILE: textfile } });
        observed.answers.push({ input: describeInput(input), answer });
        // A command's stdout is its output (a JSON document…); its logs go to stderr.
        if (answer.kind === 'cli') observed.logLines.push(...answer.result.stderr.split('\n'));
      }
      observed.before = parsePrometheusText('');
      observed.after = parsePrometheusText(existsSync(textfile) ? readFileSync(textfile, 'utf8') : '');
      await spansOrTimeout();
    }
  });
  afterAll(() => receiver?.close());

  test("the project's key path answers", () => {
    const failures = observed.answers.flatMap(({ input, answer }) => {
      if (answer.kind === 'http') return answer.status < 500 ? [] : [`${input} → ${answer.status} ${answer.body}`];
      const r = answer.result;
      return r.exitCode === 0 ? [] : [`${input} → exit ${r.exitCode ?? r.signal}: ${r.stderr.trim().slice(-300)}`];
    });
    expect(failures, `the key path failed, so nothing could be observed:\n${failures.join('\n')}`).toEqual([]);
  });

  test('every log line is JSON with a level, a message and a time', () => {
    const lines = observed.logLines.filter((line) => line.trim() !== '' && !isRuntimeWarning(line));
    expect(lines.length, 'your program wrote no log line while lab drove its key path').toBeGreaterThan(0);
    const bad = lines.flatMap((line) => {
      const problem = logLineProblem(line);
      return problem ? [`${problem}: ${line.slice(0, 160)}`] : [];
    });
    expect(
      bad.slice(0, 5),
      `${bad.length} of ${lines.length} log lines are not structured:\n${bad.slice(0, 5).join('\n')}`,
    ).toEqual([]);
  });

  test('a Prometheus counter grows with the traffic', () => {
    const { before, after } = observed;
    if (!before || !after) throw new Error('the metrics were not read');
    const path = lab().contractKind === 'service' ? `GET ${lab().common?.metricsPath}` : '$METRICS_TEXTFILE';
    const counters = Object.entries(after.types)
      .filter(([name, type]) => type === 'counter' && !/^(process|nodejs)_/.test(name))
      .map(([name]) => name);
    const value = (scrape: Scrape, family: string) =>
      (scrape.sums[family] ?? 0) + (scrape.sums[`${family}_total`] ?? 0);
    const grown = counters.filter((family) => value(after, family) > value(before, family));
    expect(
      grown,
      counters.length === 0
        ? `${path} shows no counter of your own (# TYPE <name> counter; process_ and nodejs_ defaults do not count)`
        : `none of your counters (${counters.join(', ')}) grew while lab drove the key path`,
    ).not.toEqual([]);
  });

  test("a span of the key path reaches lab's OTLP receiver", () => {
    const rejected = receiver.rejected.length > 0 ? `; it refused: ${receiver.rejected.join('; ')}` : '';
    expect(
      receiver.spans.length,
      `no span reached OTEL_EXPORTER_OTLP_ENDPOINT (${receiver.url}/v1/traces) within ${SPAN_WAIT_MS / 1000} s of the traffic${rejected}`,
    ).toBeGreaterThan(0);
  });
});

async function spansOrTimeout(): Promise<void> {
  for (const deadline = Date.now() + SPAN_WAIT_MS; receiver.spans.length === 0 && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
