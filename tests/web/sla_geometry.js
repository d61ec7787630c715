// Runs in the page (tests/web/test_browser_charts.py): every problem of the drawn SLA charts, in
// screen pixels from the rendered SVG. Of the widths each chart comes in, the one this screen
// shows: it fills its column, every text lies inside it, and no two texts overlap.
(() => {
  const problems = [];
  const rect = (el) => { const r = el.getBoundingClientRect();
    return {x: r.left, y: r.top, w: r.width, h: r.height, r: r.right, b: r.bottom}; };
  const overlap = (a, b, gap = 0.5) => a.x < b.r - gap && b.x < a.r - gap && a.y < b.b - gap && b.y < a.b - gap;
  const charts = [...document.querySelectorAll('svg.sla-chart')].filter((svg) => svg.getClientRects().length);
  const texts = [];
  for (const svg of charts) {
    const name = svg.closest('section').id;
    const chart = rect(svg);
    const column = rect(svg.closest('figure'));
    if (chart.r > column.r + 0.5 || chart.x < column.x - 0.5) problems.push(`${name}: chart wider than its column`);
    if (chart.w < column.w - 1) problems.push(`${name}: chart ${chart.w}px in a column of ${column.w}px`);
    const labels = [...svg.querySelectorAll('text')]
      .filter((t) => t.textContent.trim() && t.getAttribute('opacity') !== '0')
      .map((t) => [t.textContent, rect(t)]);
    labels.forEach(([text, box], i) => {
      if (box.x < chart.x - 0.5 || box.r > chart.r + 0.5 || box.y < chart.y - 0.5 || box.b > chart.b + 0.5)
        problems.push(`${name}: "${text}" sticks out of the chart`);
      labels.slice(i + 1).forEach(([other, b2]) => {
        if (overlap(box, b2)) problems.push(`${name}: "${text}" and "${other}" overlap`);
      });
    });
    texts.push(...labels.map(([text]) => `${name}: ${text}`));
  }
  return {problems, charts: charts.map((svg) => svg.getAttribute('class')), texts,
          widths: charts.map((svg) => rect(svg).w)};
})
