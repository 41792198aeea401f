Object.assign(process.env, {
  TABLE_NAME: 'SwiftyPlanner',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'l',
  AWS_SECRET_ACCESS_KEY: 'l',
  POWERTOOLS_LOG_LEVEL: 'INFO',
});
const { measureWarmOverhead } = await import('../warm/warm-overhead');
const r = await measureWarmOverhead({
  requests: Number(process.argv[2] ?? 2000),
  runs: 3,
  progress: (l) => console.error(l),
});
console.log(JSON.stringify(r, null, 1));
