// The graders' shared HTTP client (harness/grading/http-client.ts), under this project's name.
export {
  type Exchange,
  GraderHttpClient as FlagsClient,
  type RequestOptions,
} from '../../../../harness/grading/grader-kit.ts';
