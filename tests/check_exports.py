#!/usr/bin/env python3
"""check_exports.py - checks the dynamic symbols of a shared layerblas.

Usage: check_exports.py LIBRARY HEADER

Fails if the library exports any name without the lb_ prefix (hidden
visibility leaked something), an lb_ name the header does not declare (an
internal function left visible), or if a function the header declares
with LB_API is missing from the library (LB_API or the definition
forgotten).
Prints the count of exported symbols.
"""
import re
import subprocess
import sys


def exported(library):
    out = subprocess.run(['nm', '-D', '--defined-only', library],
                         check=True, capture_output=True, text=True).stdout
    # "<address> <type> <name>[@version]"
    return {line.split()[-1].split('@')[0]
            for line in out.splitlines() if line.strip()}


def declared(header):
    with open(header, encoding='utf-8') as f:
        text = f.read()
    text = re.sub(r'/\*.*?\*/|//[^\n]*', ' ', text, flags=re.S)
    text = re.sub(r'^\s*#.*$', ' ', text, flags=re.M)
    return set(re.findall(r'\bLB_API\b[^;{]*?\b(lb_\w+)\s*\(', text))


def main():
    library, header = sys.argv[1:3]
    names = exported(library)
    foreign = sorted(n for n in names if not n.startswith('lb_'))
    public = declared(header)
    missing = sorted(public - names)
    internal = sorted(n for n in names - public if n.startswith('lb_'))
    for n in foreign:
        print(f'exported without the lb_ prefix: {n}')
    for n in internal:
        print(f'exported but not declared LB_API in {header}: {n}')
    for n in missing:
        print(f'declared LB_API in {header} but not exported: {n}')
    print(f'{len(names)} symbols exported by {library}')
    return 1 if foreign or internal or missing else 0


if __name__ == '__main__':
    sys.exit(main())
