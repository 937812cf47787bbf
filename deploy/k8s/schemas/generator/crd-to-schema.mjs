// Turns one version of a CustomResourceDefinition into a JSON Schema that rejects unknown fields, as
// `kubectl apply --validate=strict` would: objects with properties and no
// x-kubernetes-preserve-unknown-fields get additionalProperties: false.
import { readFileSync, writeFileSync } from "node:fs";
import { load } from "js-yaml";

const [crdFile, version, outFile] = process.argv.slice(2);
const crd = load(readFileSync(crdFile, "utf8"));
const served = crd.spec.versions.find((v) => v.name === version);
if (!served) throw new Error(`${crdFile} has no version ${version}`);

function strict(node) {
  if (Array.isArray(node)) return node.forEach(strict);
  if (!node || typeof node !== "object") return;
  if (node.properties && node.additionalProperties === undefined && !node["x-kubernetes-preserve-unknown-fields"]) {
    node.additionalProperties = false;
  }
  Object.values(node).forEach(strict);
}

const schema = structuredClone(served.schema.openAPIV3Schema);
strict(schema);
schema.$schema = "http://json-schema.org/draft-07/schema#";
schema.properties.apiVersion = { const: `${crd.spec.group}/${version}` };
schema.properties.kind = { const: crd.spec.names.kind };
schema.required = [...new Set([...(schema.required ?? []), "apiVersion", "kind", "metadata"])];
writeFileSync(outFile, JSON.stringify(schema, null, 1) + "\n");
