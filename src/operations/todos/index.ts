export { createTodo } from './create-todo';
export { deleteTodo } from './delete-todo';
export { getTodo } from './get-todo';
export { listTodos } from './list-todos';
export { updateTodo } from './update-todo';
