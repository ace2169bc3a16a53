"""The output stage's public names: few, sorted, importable, and nothing heavy on import."""

from __future__ import annotations

import subprocess
import sys

import yhdyspinta_docs.output as output


def test_exported_members() -> None:
    assert output.__all__ == [
        "ManifestEntry",
        "OutputFile",
        "check_accessibility",
        "convert_to_pdf",
        "make_pdfs",
        "meeting_package",
        "normalize_zip",
        "write_atomic",
        "write_manifest",
        "zip_members",
    ]
    for name in output.__all__:
        member = getattr(output, name)
        assert member.__module__.startswith("yhdyspinta_docs.output._"), name
        assert member.__doc__, name
    public = {n for n in vars(output) if not n.startswith("_")}
    assert public == set(output.__all__)  # no submodule or helper shows as a public name


def test_importing_the_stage_loads_no_document_library() -> None:
    code = ("import sys, yhdyspinta_docs.output\n"
            "print(sorted({'docx', 'docxtpl', 'openpyxl', 'lxml'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == "[]"
