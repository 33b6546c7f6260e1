#!/usr/bin/env python3
"""check_assert_loops.py - fails if a test asserts inside a loop.

Usage: check_assert_loops.py FILE|DIRECTORY...

A directory stands for every .c, .h and .inc file under it.

Check records every passing assertion (a write() each in its forked
runs), so an assertion per element costs millions of system calls and
hides a failure among thousands of passes. Tests compare whole arrays with
one assertion (tu_check_close, tu_check_same, tu_worst in testutil.inc).

The rule this enforces: no ck_assert*, and no call of a function or macro
of the given files that asserts (directly or through another), inside the
body of a for, while or do loop, unless every loop around it is a loop
over test cases: one whose first line (from the keyword to the end of the
line where its body starts) carries a comment beginning "cases:", which
says what the cases are, e.g.

    for (int f = 0; f < 2; f++) { /* cases: softmax, log-softmax */

Prints each offence as FILE:LINE and exits 1 if there is any.
"""
import os
import re
import sys

ASSERT = re.compile(r'\bck_assert\w*\b')
LOOP = re.compile(r'\b(for|while|do)\b')
CASES = re.compile(r'/\*\s*cases:')


def blank(text):
    """The text with comments, strings and character literals blanked to
    spaces (newlines kept), so that offsets and lines still match."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
        elif text[i] in '"\'':
            j = i + 1
            while j < n and text[j] != text[i] and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            j = min(j + 1, n)
        else:
            out.append(text[i])
            i += 1
            continue
        out.append(re.sub(r'[^\n]', ' ', text[i:j]))
        i = j
    return ''.join(out)


def closing(s, i):
    """The offset just past the bracket that closes the one at s[i]."""
    pairs = {'(': ')', '{': '}', '[': ']'}
    depth = 0
    for j in range(i, len(s)):
        if s[j] in pairs:
            depth += 1
        elif s[j] in ')}]':
            depth -= 1
            if depth == 0:
                return j + 1
    return len(s)


def skip_space(s, i):
    while i < len(s) and s[i].isspace():
        i += 1
    return i


def statement_end(s, i):
    """The end of the statement starting at or after s[i]."""
    i = skip_space(s, i)
    if i >= len(s):
        return i
    if s[i] == '{':
        return closing(s, i)
    m = re.compile(r'(for|while|if|switch|do|else)\b').match(s, i)
    if m and m.group(1) == 'do':
        end = skip_space(s, statement_end(s, m.end()))
        return s.find(';', closing(s, s.find('(', end))) + 1
    if m and m.group(1) == 'else':
        return statement_end(s, m.end())
    if m:
        end = statement_end(s, closing(s, skip_space(s, m.end())))
        after = skip_space(s, end)
        if m.group(1) == 'if' and re.compile(r'else\b').match(s, after):
            end = statement_end(s, after + 4)
        return end
    depth = 0
    for j in range(i, len(s)):
        if s[j] in '({[':
            depth += 1
        elif s[j] in ')}]':
            depth -= 1
        elif s[j] == ';' and depth == 0:
            return j + 1
    return len(s)


def loops(s):
    """(start, body start, body end) of every loop in s."""
    found = []
    for m in LOOP.finditer(s):
        body = skip_space(s, m.end())
        if m.group(1) != 'do':
            if body >= len(s) or s[body] != '(':
                continue
            body = closing(s, body)
        found.append((m.start(), body, statement_end(s, body)))
    return found


def opening(s, j):
    """The offset of the bracket that opens the one closing at s[j]."""
    depth = 0
    for i in range(j, -1, -1):
        if s[i] in ')}]':
            depth += 1
        elif s[i] in '({[':
            depth -= 1
            if depth == 0:
                return i
    return 0


def defined_name(head):
    """The name a function definition's head ends with: "f(args)" or
    "LB_FN(f)(args)"; None for anything else (initialisers, structs)."""
    if not head.endswith(')'):
        return None
    head = head[:opening(head, len(head) - 1)].rstrip()
    if head.endswith(')'):
        head = head[:-1]
    m = re.search(r'(\w+)$', head)
    return m.group(1) if m else None


def definitions(s):
    """(name, body) of the functions and macros defined in s."""
    for m in re.finditer(r'^[ \t]*#[ \t]*define[ \t]+(\w+)((?:\\\n|.)*)', s,
                         re.M):
        yield m.group(1), m.group(2)
    depth, start = 0, 0
    for j, c in enumerate(s):
        if c == '{':
            if depth == 0:
                start = j
            depth += 1
        elif c == '}':
            depth -= 1
            if depth == 0:
                name = defined_name(s[:start].rstrip())
                if name:
                    yield name, s[start:j + 1]


def asserting(texts):
    """The functions and macros of the files that assert, transitively."""
    defs = [d for s in texts for d in definitions(s)]
    names, grew = set(), True
    while grew:
        grew = False
        for name, body in defs:
            if name not in names and (ASSERT.search(body) or any(
                    re.search(r'\b%s\b' % n, body) for n in names)):
                names.add(name)
                grew = True
    return names


def offences(path, text, s, names):
    lines = text.split('\n')
    calls = re.compile(r'\bck_assert\w*\b' + ''.join(
        r'|\b%s\b\)?\s*\(' % n for n in sorted(names)))
    spans = loops(s)
    for m in calls.finditer(s):
        around = [lp for lp in spans if lp[1] <= m.start() < lp[2]]
        unmarked = [lp for lp in around if not CASES.search(
            text[lp[0]:text.find('\n', lp[1]) if '\n' in text[lp[1]:]
                 else len(text)])]
        if unmarked:
            line = s.count('\n', 0, m.start()) + 1
            loop = s.count('\n', 0, unmarked[-1][0]) + 1
            yield '%s:%d: asserts inside the loop of line %d: %s' % (
                path, line, loop, lines[line - 1].strip())


def sources(args):
    for a in args:
        if not os.path.isdir(a):
            yield a
            continue
        for root, dirs, files in os.walk(a):
            dirs.sort()
            for f in sorted(files):
                if f.endswith(('.c', '.h', '.inc')):
                    yield os.path.join(root, f)


def main(args):
    paths = list(sources(args))
    texts = {}
    for p in paths:
        with open(p, encoding='utf-8') as f:
            texts[p] = f.read()
    blanked = {p: blank(t) for p, t in texts.items()}
    names = asserting(blanked.values())
    bad = [o for p in paths
           for o in offences(p, texts[p], blanked[p], names)]
    for o in bad:
        print(o)
    print('%d files, %d asserting helpers, %d assertions inside loops' % (
        len(paths), len(names), len(bad)))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
