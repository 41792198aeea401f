/**
 * The todo store: everything the todo operations persist, in the one table (./client.ts).
 *
 * Items (all in the caller's partition USER#<sub>, so erasing a user is one Query + batch deletes):
 *
 *   item                PK           SK                   GSI1PK                                  GSI1SK
 *   todo                USER#<sub>   TODO#<ulid>          USER#<sub>#COMPLETED#<bool>             TODO#<ulid>
 *   tag pointer         USER#<sub>   TAG#<tag>#<ulid>     USER#<sub>#TAG#<tag>#COMPLETED#<bool>   TODO#<ulid>
 *   idempotency record  USER#<sub>   IDEMPOTENCY#<key>    -                                       -      (ttl)
 *
 * Access patterns:
 *
 *   pattern                             how                                                          items written/read
 *   create a todo                       PutItem IF attribute_not_exists(PK), without tags or key;    1
 *                                       else TransactWrite: Put todo + Put pointer per tag           1 + tags
 *                                       (+ Put idempotency record, attribute_not_exists OR expired)  (+ 1)
 *   read a todo                         GetItem PK, SK=TODO#<ulid> (consistent)                      1
 *   change a todo                       GetItem, then TransactWrite: Put todo IF version = read,     1 + changed
 *                                       Delete removed tags' pointers, Put added ones (all of them   pointers
 *                                       when `completed` flips: their GSI1PK names it)
 *   delete a todo                       GetItem, then TransactWrite: Delete todo IF version = read,  1 + tags
 *                                       Delete its pointers (+ its attachment records)               (+ atts)
 *   list, newest first                  Query PK, begins_with(SK,'TODO#'), descending                limit + 1
 *   list completed=<bool>               Query GSI1 GSI1PK=USER#<sub>#COMPLETED#<bool>, descending    limit + 1
 *   list tag=<tag>                      Query PK, begins_with(SK,'TAG#<tag>#'), descending,          limit + 1,
 *                                       then BatchGetItem the todos (consistent)                     + limit
 *   list tag=<tag>&completed=<bool>     Query GSI1 GSI1PK=USER#<sub>#TAG#<tag>#COMPLETED#<bool>,     limit + 1,
 *                                       then BatchGetItem the todos                                  + limit
 *
 * Every filtered list reads an index that holds exactly the matching todos, so pages are full
 * (`limit` items unless last) without FilterExpression and without reading unmatched items.
 * Pointers copy no todo attributes but `completed` (in GSI1PK), so changing a title touches one item.
 */
export { type CreatedTodo, newTodoId, putNewTodo } from './todos-create';
export { deleteTodo } from './todos-delete';
export { type TableKey, type Todo, todoKey } from './todos-items';
export { listTodos, type TodoFilters, type TodoListPage, type TodoListRequest } from './todos-list';
export { findTodo, readTodo } from './todos-read';
export { type TodoChange, updateTodo } from './todos-update';
