/** The todo store: everything the todo operations persist. Items and access patterns: docs/store.md. */
export { type CreatedTodo, newTodoId, putNewTodo } from './todos-create';
export { deleteTodo } from './todos-delete';
export { type Todo, todoTag } from './todos-items';
export { listTodos, type TodoFilters, type TodoListPage, type TodoListRequest } from './todos-list';
export { findTodo, readTodo } from './todos-read';
export { type TodoChange, updateTodo } from './todos-update';
