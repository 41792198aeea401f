import { operations } from '../../generated/validators/users';
import { createFunctionHandler } from '../../src/http/function-handler';
import { createTodo } from '../../src/operations/todos';
export const handler = createFunctionHandler(operations as never, { createTodo });
