"""The one-off edit that gave the bundled templates their present layout (python-docx).

    python tools/relayout_templates.py DIR decision plan report

edits DIR/decision.docx, plan.docx and report.docx as they were before it (git history) into
the committed ones, byte for byte; kept to show exactly what changed in the users' templates
(docs/templates.md, "Layout of the bundled templates"). No test uses it.
"""
import copy
import sys
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

ROOT = Path(sys.argv[1])
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def text(p):
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def style_of(p):
    ps = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
    return ps.get(qn("w:val")) if ps is not None else None


def style_el(doc, style_id):
    for s in doc.styles.element.iter(qn("w:style")):
        if s.get(qn("w:styleId")) == style_id:
            return s
    raise KeyError(style_id)


def set_ppr_flag(ppr, tag, before_tags):
    """Insert an empty flag element such as w:keepNext at its schema place in a w:pPr."""
    if ppr.find(qn(tag)) is not None:
        return
    el = OxmlElement(tag)
    for i, child in enumerate(ppr):
        if child.tag in [qn(t) for t in before_tags]:
            ppr.insert(i, el)
            return
    ppr.append(el)


# w:pPr children after which keepNext/keepLines go (pStyle first)
AFTER_KEEPS = ["w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
               "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
               "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
               "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing",
               "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
               "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"]


def caption_name(doc):
    # Word's built-in caption style keeps its id; named "Caption" LibreOffice tags it /Caption
    style_el(doc, "Caption").find(qn("w:name")).set(qn("w:val"), "Caption")


def decision():
    path = ROOT / "decision.docx"
    doc = docx.Document(str(path))
    body = doc.element.body
    paras = list(body.iter(qn("w:p")))
    # 1. every label row: label on its own line, the value below it at the body indent
    for p in paras:
        if style_of(p) != "LabelRow":
            continue
        for r in p.findall(qn("w:r")):
            tab = r.find(qn("w:tab"))
            if tab is not None and len(r) == 1:
                r.replace(tab, OxmlElement("w:br"))
    # 2. the record number once on page 1: in the metadata block, not again under the title
    for i, p in enumerate(paras):
        if text(p) == "{%p if dnro %}":
            row, end = paras[i + 1], paras[i + 2]
            assert style_of(row) == "LabelRow" and text(row) == "{{ dnro }}", text(row)
            assert text(end) == "{%p endif %}"
            for el in (p, row, end):
                el.getparent().remove(el)
            break
    else:
        raise SystemExit("no dnro label row")
    # a label and its value lines stay on one page
    label = style_el(doc, "LabelRow")
    set_ppr_flag(label.find(qn("w:pPr")), "w:keepLines", AFTER_KEEPS[1:])
    caption_name(doc)
    doc.save(str(path))


def make_run(t, bold=False):
    r = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        r.append(rpr)
    el = OxmlElement("w:t")
    el.text = t
    el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(el)
    return r


def tab_run():
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:tab"))
    return r


def para(style, *runs):
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    if style:
        ps = OxmlElement("w:pStyle")
        ps.set(qn("w:val"), style)
        ppr.append(ps)
    p.append(ppr)
    for r in runs:
        p.append(r)
    return p


def plan():
    path = ROOT / "plan.docx"
    doc = docx.Document(str(path))
    body = doc.element.body
    paras = list(body.iter(qn("w:p")))
    # 1. page 1: the attachment mark, the item it belongs to and its record number
    first = paras[0]
    assert text(first).startswith("{{ organisation }}"), text(first)
    for t in first.iter(qn("w:t")):
        if t.text == "{{ doc_type }}":
            t.text = "{{ attachment or doc_type }}"
    date_row = next(p for p in paras if style_of(p) == "MetadataBlock" and "{{ date }}" in text(p))
    for t in date_row.iter(qn("w:t")):
        if t.text == "{{ date }}":
            t.text = "{% if attachment %}{{ doc_type }} {% endif %}{{ date }}"
    anchor = first  # the attachment's identification first, the plan's own date after it
    for key in ("item", "dnro"):
        new = [para(None, make_run("{%p if " + key + " %}")),
               para("MetadataBlock", tab_run(), make_run("{{ " + key + " }}")),
               para(None, make_run("{%p endif %}"))]
        for el in new:
            anchor.addnext(el)
            anchor = el
    # from page 2 the header repeats the mark and the record number (or the date)
    for section in doc.sections:
        for t in section.header.part.element.iter(qn("w:t")):
            if t.text == "{{ doc_type }}":
                t.text = "{{ attachment or doc_type }}"
            elif t.text == "{{ date }}":
                t.text = "{{ dnro or date }}"
    # 2. an agreement chapter is quoted as a part of the agreement, not a heading of the plan
    for p in paras:
        if text(p) == "{% if c.number %}{{ c.number }} {% endif %}{{ c.title }}":
            assert style_of(p) == "Heading3"
            p.find(qn("w:pPr") + "/" + qn("w:pStyle")).set(qn("w:val"), "AgreementReference")
            runs = p.findall(qn("w:r"))
            for r in runs[1:]:
                p.remove(r)
            runs[0].find(qn("w:t")).text = "{{ c.reference }}"
            break
    else:
        raise SystemExit("no chapter heading")
    ref = copy.deepcopy(style_el(doc, "Lines"))
    ref.set(qn("w:styleId"), "AgreementReference")
    ref.find(qn("w:name")).set(qn("w:val"), "Agreement Reference")
    aliases = ref.find(qn("w:aliases"))
    if aliases is not None:
        aliases.set(qn("w:val"), "Sopimusviite")
    ref.find(qn("w:basedOn")).set(qn("w:val"), "BodyText")
    ppr = ref.find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)
    ppr.append(OxmlElement("w:keepNext"))
    sp = OxmlElement("w:spacing")
    sp.set(qn("w:after"), "80")
    ppr.append(sp)
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:i"))
    rpr.append(OxmlElement("w:iCs"))
    ref.append(rpr)
    style_el(doc, "Lines").addnext(ref)
    # 3. a measure's lead-party line stays with its theme line; "Tavoitteet:" with its list
    for p in paras:
        if text(p) in ("{{ labels.lead }}: {{ m.lead }}", "{{ labels.goals }}:"):
            set_ppr_flag(p.find(qn("w:pPr")), "w:keepNext", AFTER_KEEPS)
    # 4. preparation stages as a table (when | stage), dated or not
    start = next(i for i, p in enumerate(paras) if text(p) == "{%p for e in events %}")
    end = start
    depth = 0
    for j in range(start, len(paras)):
        t = text(paras[j])
        if t.startswith("{%p for"):
            depth += 1
        elif t.startswith("{%p endfor"):
            depth -= 1
            if depth == 0:
                end = j
                break
    old = paras[start:end + 1]
    label_row = old[1]
    assert style_of(label_row) == "LabelRow" and text(label_row) == "{{ e.date }}{{ e.name }}"
    desc = old[2:-1]  # the description block loop
    measures_tbl = next(body.iter(qn("w:tbl")))
    tbl = copy.deepcopy(measures_tbl)
    tblpr = tbl.find(qn("w:tblPr"))
    tblpr.find(qn("w:tblCaption")).set(qn("w:val"), "{{ labels.events }}")
    grid = tbl.find(qn("w:tblGrid"))
    for g in list(grid):
        grid.remove(g)
    widths = (1701, 8505)
    for w in widths:
        g = OxmlElement("w:gridCol")
        g.set(qn("w:w"), str(w))
        grid.append(g)
    rows = tbl.findall(qn("w:tr"))
    for r in rows[1:]:
        tbl.remove(r)
    header = rows[0]

    def fit(row, texts):
        cells = row.findall(qn("w:tc"))
        for c in cells[len(texts):]:
            row.remove(c)
        for c, w, t in zip(cells[:len(texts)], widths, texts, strict=True):
            c.find(qn("w:tcPr") + "/" + qn("w:tcW")).set(qn("w:w"), str(w))
            ps = c.findall(qn("w:p"))
            for extra in ps[1:]:
                c.remove(extra)
            for extra in ps[0].findall(qn("w:r"))[1:]:
                ps[0].remove(extra)
            ps[0].find(qn("w:r") + "/" + qn("w:t")).text = t
        return row

    fit(header, ["{{ labels.event_date }}", "{{ labels.event_step }}"])
    loop_open = fit(copy.deepcopy(rows[1]), ["{%tr for e in events %}", "{# for e in events #}"])
    content = fit(copy.deepcopy(rows[1]), ["{{ e.date or '–' }}", "{{ e.name }}"])
    loop_close = fit(copy.deepcopy(rows[1]), ["{%tr endfor %}", "{# endfor #}"])
    step_cell = content.findall(qn("w:tc"))[1]
    for p in desc:
        q = copy.deepcopy(p)
        st = q.find(qn("w:pPr") + "/" + qn("w:pStyle"))
        if st is not None and st.get(qn("w:val")) in ("BodyText", "Lines"):
            st.set(qn("w:val"), "TableText")
        elif st is not None and st.get(qn("w:val")) in ("ListNumber", "ListBullet"):
            ind = OxmlElement("w:ind")
            ind.set(qn("w:left"), "284")
            ind.set(qn("w:hanging"), "284")
            q.find(qn("w:pPr")).append(ind)
        step_cell.append(q)
    for r in (loop_open, content, loop_close):
        tbl.append(r)
    old[0].addprevious(tbl)
    for p in old:
        p.getparent().remove(p)
    caption_name(doc)
    doc.save(str(path))


def report():
    path = ROOT / "report.docx"
    doc = docx.Document(str(path))
    # a paragraph style named "Figure" is exported as a /Figure structure element (without
    # alt text); the picture inside is the figure
    fig = style_el(doc, "Figure")
    fig.set(qn("w:styleId"), "Kuvio")
    fig.find(qn("w:name")).set(qn("w:val"), "Kuvio")
    for p in doc.element.body.iter(qn("w:p")):
        ps = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
        if ps is not None and ps.get(qn("w:val")) == "Figure":
            ps.set(qn("w:val"), "Kuvio")
    for s in doc.styles.element.iter(qn("w:style")):
        for ref in s:
            if ref.tag in (qn("w:basedOn"), qn("w:next"), qn("w:link")) and \
                    ref.get(qn("w:val")) == "Figure":
                ref.set(qn("w:val"), "Kuvio")
    caption_name(doc)
    doc.save(str(path))


for which in sys.argv[2:]:
    {"decision": decision, "plan": plan, "report": report}[which]()
