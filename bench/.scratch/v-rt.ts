import { operations } from '../../generated/validators/todos.js';
import { createFunctionHandler } from '../../src/http/function-handler';
import { createTodo } from '../../src/operations/todos';
export const handler = createFunctionHandler(operations, { createTodo });
