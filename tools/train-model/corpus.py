"""Corpus: the King James Version of the Bible (public domain, 1611), from Debian's bible-kjv-text package,
read through its `bible` program (package bible-kjv). Deterministic train/validation split by chapter."""
import re
import shutil
import subprocess

VERSE = re.compile(r"^(\S+?)(\d+):(\d+) (.*)$")


def load_chapters():
    """Returns a list of chapters, each a list of verse strings, in canonical order."""
    if shutil.which("bible") is None:
        raise SystemExit("The corpus needs Debian's bible-kjv: apt-get install -y bible-kjv")
    text = subprocess.run(["bible", "-f", "Genesis 1:1-Revelation 22:21"], check=True,
                          capture_output=True, text=True).stdout
    chapters, current, key = [], [], None
    for line in text.splitlines():
        m = VERSE.match(line)
        if not m:
            continue  # blank lines between books
        book, chapter, _, verse = m.groups()
        if (book, chapter) != key:
            if current:
                chapters.append(current)
            current, key = [], (book, chapter)
        current.append(verse.strip())
    if current:
        chapters.append(current)
    return chapters


def split(chapters, every=20):
    """Every `every`-th chapter is held out for validation (about 5 %), the rest trains."""
    train = [c for i, c in enumerate(chapters) if i % every != every // 2]
    valid = [c for i, c in enumerate(chapters) if i % every == every // 2]
    return train, valid


def as_text(chapters):
    """Chapters as paragraphs: verses joined by spaces, chapters separated by blank lines."""
    return "\n\n".join(" ".join(c) for c in chapters)


def chat_examples(chapters, stride=7):
    """Short chat turns in the shipped template: the user gives a verse, the assistant continues with the next two.
    They teach the model the template's special tokens and to end its turn with <|end|>."""
    examples = []
    for c in chapters:
        for i in range(0, len(c) - 2, stride):
            examples.append((c[i], c[i + 1] + " " + c[i + 2]))
    return examples
