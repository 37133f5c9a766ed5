// An independent Open Inference Protocol client: @grpc/grpc-js and @grpc/proto-loader load the same .proto the
// server is generated from, call ModelMetadata and ModelInfer, and print what came back as one JSON object.
//
//   node client.js HOST:PORT MODEL REQUEST.json
//
// REQUEST.json is REST's /v2 infer body: {"id"?: "...", "inputs": [{"name", "datatype", "shape", "data": [...]}]};
// each tensor's data goes into the contents field of its datatype. A call that fails prints its status code
// (as grpc-js names it) and details instead of its answer.
'use strict';

const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO = path.join(__dirname, '..', '..', 'main', 'proto', 'grpc_predict_v2.proto');
const FIELDS = {
  BOOL: 'bool_contents', INT8: 'int_contents', INT16: 'int_contents', INT32: 'int_contents', INT64: 'int64_contents',
  UINT8: 'uint_contents', UINT16: 'uint_contents', UINT32: 'uint_contents', UINT64: 'uint64_contents',
  FP32: 'fp32_contents', FP64: 'fp64_contents', BYTES: 'bytes_contents',
};

function call(client, method, request) {
  return new Promise((resolve) => {
    client[method](request, { deadline: Date.now() + 30000 }, (error, response) => {
      if (error) {
        resolve({ error: { code: grpc.status[error.code], details: error.details } });
      } else {
        resolve(response);
      }
    });
  });
}

function tensorsOut(outputs) {
  return outputs.map((output) => {
    const contents = output.contents || {};
    const data = output.datatype === 'BYTES'
      ? contents.bytes_contents.map((bytes) => Buffer.from(bytes).toString('utf8'))
      : contents[FIELDS[output.datatype]];
    const parameters = {};
    for (const [name, value] of Object.entries(output.parameters || {})) {
      parameters[name] = value[value.parameter_choice];
    }
    return { name: output.name, datatype: output.datatype, shape: output.shape, parameters, data };
  });
}

async function main() {
  const [address, model, requestFile] = process.argv.slice(2);
  const body = JSON.parse(fs.readFileSync(requestFile, 'utf8'));
  const definition = protoLoader.loadSync(PROTO, { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true });
  const inference = grpc.loadPackageDefinition(definition).inference;
  const client = new inference.GRPCInferenceService(address, grpc.credentials.createInsecure());

  const metadata = await call(client, 'ModelMetadata', { name: model });
  const request = {
    model_name: model,
    id: body.id || '',
    inputs: body.inputs.map((input) => ({
      name: input.name,
      datatype: input.datatype,
      shape: input.shape,
      contents: {
        [FIELDS[input.datatype]]: input.datatype === 'BYTES' ? input.data.map((text) => Buffer.from(String(text), 'utf8')) : input.data,
      },
    })),
  };
  const answer = await call(client, 'ModelInfer', request);
  const infer = answer.error ? answer : {
    model_name: answer.model_name, model_version: answer.model_version, id: answer.id, outputs: tensorsOut(answer.outputs),
  };
  client.close();
  process.stdout.write(JSON.stringify({ metadata, infer }) + '\n');
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack || error) + '\n');
  process.exit(1);
});
