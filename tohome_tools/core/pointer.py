"""JSON Pointer (RFC 6901) helpers used for source maps and findings."""


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def join(base: str, token: str | int) -> str:
    return f"{base}/{escape(str(token))}"


def parts(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]


def from_path(path) -> str:
    """Pointer from an iterable of keys and indexes (as jsonschema gives them)."""
    return "".join("/" + escape(str(p)) for p in path)


def resolve(data, pointer: str):
    """Value at pointer, or None when the path does not exist."""
    node = data
    for token in parts(pointer):
        if isinstance(node, dict):
            if token not in node:
                return None
            node = node[token]
        elif isinstance(node, list):
            if not token.isdigit() or int(token) >= len(node):
                return None
            node = node[int(token)]
        else:
            return None
    return node
