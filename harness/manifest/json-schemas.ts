import { z } from 'zod';
import { benchResultSchema } from '../bench/bench-result.ts';
import { verifyResultSchema } from '../grading/verify-result.ts';
import { exerciseSchema } from './exercise-schema.ts';

/** The JSON Schemas published in docs/ (editors validate manifests with them; CI consumers read results). */
export const jsonSchemas = (): Record<string, unknown> => ({
  'exercise.schema.json': z.toJSONSchema(exerciseSchema, { io: 'input', unrepresentable: 'any' }),
  'result.schema.json': z.toJSONSchema(verifyResultSchema, { unrepresentable: 'any' }),
  'bench-result.schema.json': z.toJSONSchema(benchResultSchema, { unrepresentable: 'any' }),
});
