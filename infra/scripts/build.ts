/** `npm run build`: bundle and zip every function of infra/template.yaml into dist/functions. */
import { relative } from 'node:path';
import { buildFunctions } from '../build/build-functions';
import { sizeReport } from '../build/size-report';

try {
  const artifacts = await buildFunctions();
  for (const line of sizeReport(artifacts)) console.log(line);
  for (const artifact of artifacts) console.log(`wrote ${relative(process.cwd(), artifact.zipPath)}`);
} catch (error) {
  console.error(`Build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
