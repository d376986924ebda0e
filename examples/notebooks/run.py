"""Runs a notebook headless with nbclient and reports its cells.

    python run.py NOTEBOOK OUTPUT

executes NOTEBOOK in its own folder, writes it with its outputs to OUTPUT
(which may be NOTEBOOK itself), prints each failed cell's error and a closing
line "N passed, N failed" (code cells), and exits with status 1 when a cell
failed. Every cell runs even after a failure, so the count is complete.
"""

import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    source, output = Path(argv[1]), Path(argv[2])
    nb = nbformat.read(source, as_version=4)
    # The kernel talks to this process over local sockets, not TCP; the
    # sockets go in a temporary folder.
    sockets = tempfile.TemporaryDirectory(prefix="notebook-kernel-")
    km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets.name) / "kernel"))
    client = NotebookClient(
        nb,
        km=km,
        timeout=300,
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": str(source.resolve().parent)}},
    )
    try:
        client.execute(cleanup_kc=True)  # shut the kernel down at the end
    finally:
        sockets.cleanup()
    passed = failed = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            failed += 1
            first_line = cell.source.splitlines()[0] if cell.source else ""
            print(f"FAIL cell {index} ({first_line}): {errors[0]['ename']}: {errors[0]['evalue']}")
        else:
            passed += 1
    for cell in nb.cells:  # timestamps would change the file at every run
        cell.metadata.pop("execution", None)
    nbformat.write(nb, output)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
