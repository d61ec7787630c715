// Runs in the page (tests/web/test_browser_charts.py): every problem of the drawn SOP flowchart,
// measured in screen pixels from the rendered SVG.
(() => {
  const svg = document.querySelector('#flowchart svg.flowchart');
  const problems = [];
  const rect = (el) => { const r = el.getBoundingClientRect();
    return {x: r.left, y: r.top, w: r.width, h: r.height, r: r.right, b: r.bottom}; };
  const overlap = (a, b, gap = 0) => a.x < b.r - gap && b.x < a.r - gap && a.y < b.b - gap && b.y < a.b - gap;
  const boxes = {};
  for (const g of svg.querySelectorAll('g.step, g.end')) {
    boxes[g.dataset.step || g.dataset.end] = rect(g.querySelector('.box'));
  }
  const segments = [];
  for (const path of svg.querySelectorAll("path.edge")) {
    const m = path.getScreenCTM();
    const pts = [...path.getAttribute('d').matchAll(/[ML]([\d.]+),([\d.]+)/g)].map(([, x, y]) => {
      const p = svg.createSVGPoint(); p.x = +x; p.y = +y; return p.matrixTransform(m); });
    for (let i = 1; i < pts.length; i++) {
      const [a, b] = [pts[i - 1], pts[i]];
      const seg = {x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), r: Math.max(a.x, b.x), b: Math.max(a.y, b.y)};
      segments.push(seg);
      for (const [name, box] of Object.entries(boxes)) {
        if (name === path.dataset.from || name === path.dataset.to) continue;
        if (overlap(seg, box, 0.5)) problems.push(`edge ${path.dataset.from}->${path.dataset.to} through ${name}`);
      }
    }
  }
  const labels = [...svg.querySelectorAll('g.edge-label')].map((g) => [g.textContent, rect(g.querySelector('rect')), rect(g.querySelector('text'))]);
  labels.forEach(([text, box, ink], i) => {
    if (ink.x < box.x - 0.5 || ink.r > box.r + 0.5) problems.push(`label ${text} cut`);
    labels.slice(i + 1).forEach(([other, b2]) => { if (overlap(box, b2)) problems.push(`labels ${text} and ${other} overlap`); });
    for (const [name, b] of Object.entries(boxes)) if (overlap(box, b)) problems.push(`label ${text} on box ${name}`);
  });
  for (const g of svg.querySelectorAll('g.step, g.end')) {
    const box = rect(g.querySelector('.box'));
    const inset = g.querySelector('polygon') ? 0 : 1;
    for (const t of g.querySelectorAll('text')) {
      const r = rect(t);
      if (r.x < box.x + inset - 0.5 || r.r > box.r - inset + 0.5 || r.y < box.y - 0.5 || r.b > box.b + 0.5)
        problems.push(`text "${t.textContent}" sticks out of box ${g.dataset.step || g.dataset.end}`);
    }
  }
  for (const g of svg.querySelectorAll('g.lane')) {
    const lane = rect(g.querySelector('rect'));
    for (const t of g.querySelectorAll('text.lane-name')) {
      const r = rect(t);
      if (r.x < lane.x || r.r > lane.r) problems.push(`lane name "${t.textContent}" cut`);
    }
    for (const s of svg.querySelectorAll(`g.step[data-role="${g.dataset.role}"] .box`)) {
      const r = rect(s); if (r.x < lane.x || r.r > lane.r) problems.push(`a box outside lane ${g.dataset.role}`);
    }
  }
  const column = rect(document.querySelector('#flowchart'));
  const chart = rect(svg);
  if (chart.r > column.r + 0.5 || chart.x < column.x - 0.5) problems.push(`chart ${chart.w}px wider than its column ${column.w}px`);
  return {problems, boxes: Object.keys(boxes).length, edges: svg.querySelectorAll('path.edge').length,
          labels: labels.length, width: chart.w};
})
