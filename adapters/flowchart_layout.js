// Lays out one flowchart graph with ELK (elkjs from the npm registry, see package.json).
// Reads the ELK JSON graph on stdin, writes the laid-out graph (positions, edge sections) on
// stdout. web/charts/flowchart.py builds the graph and draws the SVG; adapters/layouts.py runs this once
// per graph, in the background, with a time and memory budget, and records what came of it.
"use strict";

const ELK = require("elkjs/lib/elk.bundled.js");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  new ELK().layout(JSON.parse(input))
    .then((graph) => { process.stdout.write(JSON.stringify(graph)); })
    .catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });
});
