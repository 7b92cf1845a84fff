#!/usr/bin/env python
"""Render nbs/index.ipynb to README.md without Quarto, or check that README.md is in sync.

`nbdev-readme` needs Quarto. This renders the same notebook with nbformat alone: markdown cells as they
are, code cells as ```python blocks (directive lines such as `#| hide` are honoured and stripped), stored
outputs as text/images. Image links relative to `nbs/` are rewritten relative to the repository root.

    python tools/readme.py          # write README.md
    python tools/readme.py --check  # exit 1 if README.md differs from what the notebook renders to
"""
import re, sys, difflib
from pathlib import Path
import nbformat

ROOT = Path(__file__).resolve().parent.parent
NB, README = ROOT/'nbs'/'index.ipynb', ROOT/'README.md'
HEADER = '<!-- Generated from nbs/index.ipynb by tools/readme.py: edit the notebook, not this file. -->\n\n'

def _directives(src):
    "Directive dict and the source without directive lines"
    ds, keep = {}, []
    for line in src.splitlines():
        m = re.match(r'^\s*#\|\s*([\w-]+)\s*:?\s*(.*)$', line)
        if m: ds[m.group(1)] = m.group(2).strip()
        else: keep.append(line)
    return ds, '\n'.join(keep).strip('\n')

def _fix_links(md):
    "Rewrite relative image/link targets from nbs/ to the repository root"
    def sub(m):
        tgt = m.group(2)
        if re.match(r'^(https?:|/|#|mailto:|data:)', tgt): return m.group(0)
        return f'{m.group(1)}(nbs/{tgt})'
    return re.sub(r'(!?\[[^\]]*\])\(([^)\s]+)\)', sub, md)

def _outputs(cell):
    out = []
    for o in cell.get('outputs', []):
        if o.output_type == 'stream': out.append('    ' + o.text.rstrip('\n').replace('\n', '\n    '))
        elif o.output_type in ('execute_result', 'display_data'):
            d = o.get('data', {})
            if 'text/markdown' in d: out.append(d['text/markdown'])
            elif 'text/plain' in d: out.append('    ' + d['text/plain'].rstrip('\n').replace('\n', '\n    '))
    return out

def render(nb_path=NB) -> str:
    nb = nbformat.read(nb_path, as_version=4)
    parts = []
    for cell in nb.cells:
        if cell.cell_type == 'markdown':
            parts.append(_fix_links(cell.source.strip('\n')))
        elif cell.cell_type == 'code':
            ds, src = _directives(cell.source)
            if 'hide' in ds or 'include' in ds and ds['include'] == 'false' or not src.strip(): continue
            if 'echo' not in ds or ds['echo'] != 'false': parts.append(f'```python\n{src}\n```')
            if 'output' not in ds or ds['output'] != 'false': parts.extend(_outputs(cell))
    md = '\n\n'.join(parts) + '\n'
    # the notebook title cell: "# Title\n\n> summary" is kept as written
    return HEADER + md

def main(argv):
    text = render()
    if '--check' in argv:
        cur = README.read_text() if README.exists() else ''
        if cur != text:
            sys.stdout.writelines(difflib.unified_diff(cur.splitlines(True), text.splitlines(True), 'README.md', 'rendered from nbs/index.ipynb'))
            print('\nREADME.md is out of sync with nbs/index.ipynb: run `python tools/readme.py`.')
            return 1
        print('README.md is in sync with nbs/index.ipynb')
        return 0
    README.write_text(text)
    print(f'wrote {README}')
    return 0

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
