/**
 * The AWS actions a function's code can call, read from its source: every top-level declaration
 * reachable from the entry's `handler` (through imports, re-exports and `import()`, resolved by the
 * TypeScript checker), and the AWS SDK `*Command` classes those declarations name. Per declaration,
 * not per module: a function that loads a module for one of its exports (the users function and the
 * S3 module, for erasing files) does not inherit the commands of the exports it never calls.
 *
 *   handler ─► createFunctionHandler, handlers ─► createUser ─► createProfile ─► conditionalWrite
 *                                                                                  └─ TransactWriteCommand
 *   createProfile's items: { Put: ... }  ──► a transaction's Put needs dynamodb:PutItem
 *
 * A transaction needs the action of each kind of item it holds (Put, Update, Delete,
 * ConditionCheck: DynamoDB developer guide, "Using IAM with DynamoDB transactions"), so the object
 * keys `Put:`, `Update:`, `Delete:` and `ConditionCheck:` in reachable code count when the function
 * sends transactions at all.
 *
 * SDK commands count whether imported by name or destructured from `await import('@aws-sdk/...')`.
 *
 * A command built for `getSignedUrl` (a presigned URL) is not sent by the function: whoever holds the
 * URL sends it, under the credentials that signed it (on AWS, sessions of the attachment signer role,
 * whose own policy test/infra/attachment-signer-role.test.ts checks), so it is no action of the
 * function's role.
 */
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One SDK call site's worth of evidence: the action and where the code names it. */
export interface CodeAction {
  action: string;
  /** `src/store/users.ts: GetCommand` */
  evidence: string;
}

/** Document-client commands and the DynamoDB action each needs (transactions: per item, below). */
const DOCUMENT_COMMANDS: Record<string, string | undefined> = {
  GetCommand: 'GetItem',
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  BatchGetCommand: 'BatchGetItem',
  BatchWriteCommand: 'BatchWriteItem',
  TransactGetCommand: 'GetItem',
  TransactWriteCommand: undefined,
  TransactWriteItemsCommand: undefined,
  TransactGetItemsCommand: 'GetItem',
};

/** S3 operations whose IAM action has another name (S3 user guide, "Actions, resources, and condition keys"). */
const S3_ACTIONS: Record<string, string> = {
  ListObjectsV2Command: 'ListBucket',
  ListObjectsCommand: 'ListBucket',
  DeleteObjectsCommand: 'DeleteObject',
  HeadObjectCommand: 'GetObject',
  HeadBucketCommand: 'ListBucket',
};

/** IAM service prefixes of the SDK packages this code may import. */
const SERVICE_PREFIXES: Record<string, string> = {
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/lib-dynamodb': 'dynamodb',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-cognito-identity-provider': 'cognito-idp',
  '@aws-sdk/client-sqs': 'sqs',
  '@aws-sdk/client-sts': 'sts',
  '@aws-sdk/client-sns': 'sns',
  '@aws-sdk/client-lambda': 'lambda',
  '@aws-sdk/client-eventbridge': 'events',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
};

/** Object keys of a TransactWriteItems item, and the action each kind needs. */
const TRANSACT_ITEM_ACTIONS: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

/** `GetCommand` imported from `@aws-sdk/lib-dynamodb` → `dynamodb:GetItem` (undefined: per item). */
export function actionOfCommand(moduleName: string, command: string): string | undefined {
  const prefix = SERVICE_PREFIXES[moduleName];
  if (!prefix)
    throw new Error(
      `${command} comes from ${moduleName}, whose IAM service prefix is not known: add it to SERVICE_PREFIXES in infra/validate/code-actions.ts`,
    );
  if (prefix === 'dynamodb' && command in DOCUMENT_COMMANDS) {
    const action = DOCUMENT_COMMANDS[command];
    return action && `dynamodb:${action}`;
  }
  if (prefix === 's3' && S3_ACTIONS[command]) return `s3:${S3_ACTIONS[command]}`;
  return `${prefix}:${command.replace(/Command$/, '')}`;
}

function isTopLevelDeclaration(node: ts.Node): boolean {
  if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node))
    return ts.isSourceFile(node.parent);
  if (ts.isVariableDeclaration(node)) {
    const statement = node.parent?.parent;
    return statement !== undefined && ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
  }
  return false;
}

/**
 * `Put: { TableName: ..., ... }`: a transaction item names its table. (An S3 DeleteObjects input
 * has a `Delete:` key too, without one.)
 */
function isTransactionItem(node: ts.Node): node is ts.PropertyAssignment & { name: ts.Identifier } {
  if (!ts.isPropertyAssignment(node) || !ts.isIdentifier(node.name)) return false;
  if (!(node.name.text in TRANSACT_ITEM_ACTIONS) || !ts.isObjectLiteralExpression(node.initializer))
    return false;
  return node.initializer.properties.some(
    (member) => member.name !== undefined && ts.isIdentifier(member.name) && member.name.text === 'TableName',
  );
}

/** `getSignedUrl(client, new GetObjectCommand(...))`: the command's name, where it is presigned. */
function isPresigned(node: ts.Node): boolean {
  const construction = node.parent;
  if (!construction || !ts.isNewExpression(construction) || construction.expression !== node) return false;
  const call = construction.parent;
  return (
    call !== undefined &&
    ts.isCallExpression(call) &&
    call.arguments.includes(construction) &&
    ts.isIdentifier(call.expression) &&
    call.expression.text === 'getSignedUrl'
  );
}

/** The SDK module and exported name an import specifier names, when it imports from the AWS SDK. */
function sdkImportOf(declaration: ts.Declaration): { module: string; name: string } | undefined {
  if (!ts.isImportSpecifier(declaration)) return undefined;
  const moduleSpecifier = declaration.parent.parent.parent.moduleSpecifier;
  if (!ts.isStringLiteral(moduleSpecifier) || !moduleSpecifier.text.startsWith('@aws-sdk/')) return undefined;
  return { module: moduleSpecifier.text, name: (declaration.propertyName ?? declaration.name).text };
}

/**
 * `const { AdminDeleteUserCommand } = await import('@aws-sdk/client-cognito-identity-provider')`: the
 * SDK module and exported name a binding of a dynamic import names (a module loaded only when the
 * call is made, so it costs no cold start).
 */
function sdkDynamicImportOf(element: ts.BindingElement): { module: string; name: string } | undefined {
  const declaration = element.parent.parent;
  if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  let value: ts.Expression = declaration.initializer;
  while (ts.isAwaitExpression(value) || ts.isParenthesizedExpression(value)) value = value.expression;
  if (!ts.isCallExpression(value) || value.expression.kind !== ts.SyntaxKind.ImportKeyword) return undefined;
  const [specifier] = value.arguments;
  if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('@aws-sdk/'))
    return undefined;
  const name = element.propertyName ?? element.name;
  return ts.isIdentifier(name) ? { module: specifier.text, name: name.text } : undefined;
}

/**
 * For each function entry (relative to `projectRoot`), the actions its code can call, each with
 * the declaration that names it. One program for all entries: the checker's work is shared.
 * Throws on an SDK package whose IAM prefix is unknown.
 */
export function codeActionsOf(projectRoot: string, entries: string[]): Map<string, CodeAction[]> {
  const configPath = resolve(projectRoot, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
  const compilerOptions = { ...options, noEmit: true, lib: ['lib.es2023.d.ts'], types: [] };
  // Dependencies' declarations are read as empty: an SDK import is recognised by its module name
  // alone, and the 1,000 files of SDK types would make the program ten times slower to build.
  const host = ts.createCompilerHost(compilerOptions);
  const readSource = host.getSourceFile;
  host.getSourceFile = (fileName, language, ...rest) =>
    fileName.includes('/node_modules/') && !fileName.includes('/node_modules/typescript/lib/')
      ? ts.createSourceFile(fileName, 'export {};', language)
      : readSource.call(host, fileName, language, ...rest);
  const program = ts.createProgram(
    entries.map((entry) => resolve(projectRoot, entry)),
    compilerOptions,
    host,
  );
  return new Map(entries.map((entry) => [entry, actionsOfEntry(program, projectRoot, entry)]));
}

function actionsOfEntry(program: ts.Program, projectRoot: string, entry: string): CodeAction[] {
  const entryPath = resolve(projectRoot, entry);
  const checker = program.getTypeChecker();
  const isProjectFile = (file: ts.SourceFile) =>
    !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file);

  const entryFile = program.getSourceFile(entryPath);
  if (!entryFile) throw new Error(`${entry} is not a TypeScript source the project compiles`);
  const handler = checker
    .getExportsOfModule(checker.getSymbolAtLocation(entryFile) as ts.Symbol)
    .find((symbol) => symbol.name === 'handler');
  if (!handler?.declarations?.length) throw new Error(`${entry} exports no handler`);

  const found = new Map<string, CodeAction>();
  const note = (action: string, node: ts.Node, what: string) => {
    if (!found.has(action))
      found.set(action, {
        action,
        evidence: `${relative(projectRoot, node.getSourceFile().fileName)}: ${what}`,
      });
  };
  const transactionItems: { action: string; node: ts.Node; key: string }[] = [];
  let sendsTransactions = false;

  const visited = new Set<ts.Node>();
  const pending: ts.Node[] = [...handler.declarations];
  const reach = (symbol: ts.Symbol | undefined, at: ts.Node) => {
    if (!symbol) return;
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    for (const declaration of symbol.declarations ?? []) {
      if (
        ts.isNamespaceImport(declaration) &&
        /^['"]@aws-sdk\//.test(declaration.parent.parent.moduleSpecifier.getText())
      )
        throw new Error(
          `${relative(projectRoot, declaration.getSourceFile().fileName)}: import the AWS SDK's commands by name ` +
            '(import { GetCommand } from ...), so that the IAM check can see which ones the code uses',
        );
      const sdk =
        sdkImportOf(declaration) ??
        (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)
          ? sdkDynamicImportOf(declaration)
          : undefined);
      if (sdk?.name.endsWith('Command') && !isPresigned(at)) {
        const action = actionOfCommand(sdk.module, sdk.name);
        if (action) note(action, at, sdk.name);
        else sendsTransactions = true;
      }
    }
    for (const declaration of target.declarations ?? []) {
      const file = declaration.getSourceFile();
      if (!isProjectFile(file)) continue;
      // A declaration nested in another is walked with it; only top-level ones are new nodes.
      let node: ts.Node = declaration;
      while (node.parent && !ts.isSourceFile(node.parent) && !isTopLevelDeclaration(node)) node = node.parent;
      if (isTopLevelDeclaration(node) && !visited.has(node)) pending.push(node);
    }
  };

  while (pending.length > 0) {
    const declaration = pending.pop() as ts.Node;
    if (visited.has(declaration)) continue;
    visited.add(declaration);
    const walk = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) reach(checker.getSymbolAtLocation(node), node);
      if (ts.isShorthandPropertyAssignment(node))
        reach(checker.getShorthandAssignmentValueSymbol(node), node);
      // `const { deletePrefix } = await storage()`: the property of what is destructured.
      if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
        const name = node.propertyName ?? node.name;
        if (ts.isIdentifier(name)) reach(checker.getTypeAtLocation(node.parent).getProperty(name.text), node);
      }
      if (isTransactionItem(node)) {
        const key = node.name.text;
        transactionItems.push({ action: TRANSACT_ITEM_ACTIONS[key] as string, node, key });
      }
      // Types carry no calls: `import type` and annotations are not followed.
      if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
      ts.forEachChild(node, walk);
    };
    walk(declaration);
  }
  if (sendsTransactions)
    for (const { action, node, key } of transactionItems) note(action, node, `a transaction's ${key} item`);
  return [...found.values()].sort((a, b) => a.action.localeCompare(b.action));
}
