"""Fast YAML 1.2 loading of entry files; line numbers for problems come from ruamel (validate.py).

ruamel.yaml's safe loader takes about 1 ms per entry file, too slow at 10,000 files. Here
libyaml (through PyYAML's C parser, the same parser ruamel.yaml.clib wraps) composes the nodes
and a small builder turns them into plain data, over twice as fast. PyYAML's resolvers follow
YAML 1.1, so they are replaced by the YAML 1.2 core schema that ruamel.yaml uses:
`yes`, `no`, `on` and `off` stay text, `08:00` is text, `0583` is the number 583.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver


class EntryYamlError(ValueError):
    """A file that is not valid YAML; `line` is 1-based."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # pure Python if no libyaml


class _Loader(_BaseLoader):
    """libyaml parser with the YAML 1.2 core schema resolvers; _build makes the data."""


_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("null", r"~|null|Null|NULL|", "~nN"),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    (
        "float",
        r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)",
        "-+0123456789.",
    ),
]:
    _Loader.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), list(_first)
    )
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile("^$"), [""])
# Dates stay dates (verified_on: 2026-11-26), as in ruamel.yaml.
_TIMESTAMP = next(
    regexp
    for tag, regexp in Resolver.yaml_implicit_resolvers["2"]
    if tag == "tag:yaml.org,2002:timestamp"
)
_Loader.add_implicit_resolver("tag:yaml.org,2002:timestamp", _TIMESTAMP, list("0123456789"))


_TAG = "tag:yaml.org,2002:"


def _scalar(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """The value of a scalar by its resolved tag; other tags (!!binary, !custom) are refused."""
    tag, text = node.tag[len(_TAG) :] if node.tag.startswith(_TAG) else node.tag, node.value
    if tag == "str":
        return text
    if tag == "int":
        if text.startswith(("0o", "0x")):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text, 10)  # PyYAML would read a leading 0 as octal
    if tag == "bool":
        return text in ("true", "True", "TRUE")
    if tag == "null":
        return None
    if tag == "float":
        return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
    if tag == "timestamp":
        return SafeConstructor.construct_yaml_timestamp(loader, node)
    raise EntryYamlError(node.start_mark.line + 1, f'unsupported tag "{node.tag}"')


def _build(loader: _Loader, node: yaml.Node) -> Any:
    """Plain data from the composed nodes: a third faster than PyYAML's generic constructor."""
    if isinstance(node, yaml.ScalarNode):
        return _scalar(loader, node)
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item) for item in node.value]
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = _build(loader, key_node)
        if not isinstance(key, (str, int, float, bool, type(None))):
            raise EntryYamlError(key_node.start_mark.line + 1, "a key must be a plain value")
        if key in mapping:
            raise EntryYamlError(key_node.start_mark.line + 1, f'found duplicate key "{key}"')
        mapping[key] = _build(loader, value_node)
    return mapping


def load_yaml(text: str) -> Any:
    """Parse one YAML document; raises EntryYamlError with the line of the problem."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _build(loader, node)
    except RecursionError:
        raise EntryYamlError(1, "an alias refers to itself") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context or "unreadable YAML"
        raise EntryYamlError(mark.line + 1 if mark else 1, what) from None
    except yaml.YAMLError as error:
        raise EntryYamlError(1, str(error)) from None
    finally:
        loader.dispose()
