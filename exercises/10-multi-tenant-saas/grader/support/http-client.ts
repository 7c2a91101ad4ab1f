// The graders' shared HTTP client (harness/grading/http-client.ts), under this project's name.
export {
  type Exchange,
  GraderHttpClient as SaasClient,
  type RequestOptions,
} from '../../../../harness/grading/grader-kit.ts';
