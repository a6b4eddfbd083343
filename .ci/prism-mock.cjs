// The contract test's mock server: Prism (npm @stoplight/prism-cli, installed by .ci/run) serving
// generated crates' OpenAPI exports on 127.0.0.1, with dynamic answers (`prism mock -d`), a fixed
// seed, and request and response validation on.
//
//   NODE_PATH=<node_modules of prism-cli> node .ci/prism-mock.cjs SEED NAME=openapi.json...
//
// prints `listening http://127.0.0.1:PORT` once it is listening (on a free port), and serves
// each export under /NAME:
//
// - /NAME/...: the export as it is;
// - /NAME/FORMAT/...: each operation again, per `truto_response_format` value it allows, with
//   its 200 answer narrowed to the shape the export says that format gives (the JSON schema's
//   `anyOf` branch whose `x-truto-response-formats` holds it). OpenAPI cannot key a response on
//   a query parameter, and json-schema-faker picks an `anyOf` branch at random, so without this
//   Prism would answer a `debug` request with any of the shapes. A format no JSON shape names
//   (`stream`) keeps the answer as it is.
//
// It runs Prism's own server and validator (prism-http-server, prism-http) rather than the
// `prism mock` command: in Prism 5.14 the command, listing example URLs at start-up, rewrites
// the names of form-style query parameters in place (encodeURI: `truto_exclude_fields[]`
// becomes `truto_exclude_fields%5B%5D`), after which the server never finds such a parameter
// in a request and validates nothing about it. This keeps the names as the export writes them.
'use strict';

const fs = require('node:fs');
const { getHttpOperationsFromSpec, resetJSONSchemaGenerator } = require('@stoplight/prism-http');
const { createServer } = require('@stoplight/prism-http-server');
const { createLogger } = require('@stoplight/prism-core');
const { JSONSchemaFaker } = require('json-schema-faker');

const FORMAT_PARAMETER = 'truto_response_format';

// The export with, for each operation, one copy per format under /FORMAT.
function withFormats(document) {
  const paths = { ...document.paths };
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      for (const format of formatsOf(operation)) {
        const copy = narrowed(operation, format);
        paths[`/${format}${template}`] = { ...paths[`/${format}${template}`], [method]: copy };
      }
    }
  }
  return { ...document, paths };
}

function formatsOf(operation) {
  const parameter = (operation.parameters || []).find((p) => p.name === FORMAT_PARAMETER);
  return parameter ? parameter.schema.enum : ['unified'];
}

function narrowed(operation, format) {
  const copy = structuredClone(operation);
  copy.operationId = `${operation.operationId}.${format}`;
  const answer = copy.responses['200'];
  const json = answer && answer.content && answer.content['application/json'];
  const shapes = json && json.schema ? json.schema.anyOf || [json.schema] : [];
  const shape = shapes.find((s) => (s['x-truto-response-formats'] || []).includes(format));
  if (shape) {
    answer.content = { 'application/json': { schema: shape } };
  }
  return copy;
}

async function main() {
  const [seed, ...exports] = process.argv.slice(2);
  if (!seed || exports.length === 0) {
    throw new Error('usage: prism-mock.cjs SEED NAME=openapi.json...');
  }
  const operations = [];
  for (const entry of exports) {
    const [name, file] = entry.split('=');
    const document = withFormats(JSON.parse(fs.readFileSync(file, 'utf8')));
    for (const operation of await getHttpOperationsFromSpec(document)) {
      operations.push({ ...operation, path: `/${name}${operation.path}` });
    }
  }
  resetJSONSchemaGenerator();
  // No properties beyond those a schema names (`--json-schema-faker-fillProperties=false`):
  // the test compares what the client decoded with what was sent, and a record keeps only the
  // fields it names.
  JSONSchemaFaker.option('fillProperties', false);
  const logger = createLogger('PRISM', { level: 'warn' }, process.stderr);
  const server = createServer(operations, {
    cors: false,
    config: {
      validateRequest: true,
      validateResponse: true,
      checkSecurity: true,
      errors: false,
      isProxy: false,
      mock: { dynamic: true, ignoreExamples: false, seed },
    },
    components: { logger },
  });
  const address = await server.listen(0, '127.0.0.1');
  console.log(`listening ${address}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
