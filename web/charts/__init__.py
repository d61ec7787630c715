"""The pictures the pages draw on the server, as SVG: the SOP's flowchart in swimlanes
(`flowchart`, its plane geometry in `geometry`, text widths in `textmetrics`; the layout itself
comes from an adapter, adapters/layouts.py) and the SLA dashboard's charts (`sla`)."""
