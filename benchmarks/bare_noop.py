"""The least any tool's no-op can do: start an interpreter and list the project's containers once over the
engine's unix socket, importing nothing but ``socket``.

``python -I -S benchmarks/bare_noop.py SOCKET PROJECT`` exits 0 when the engine answered 200. bench_up.py
times it beside each no-op, so the figures show what the machine allowed any process at that moment.
"""

import socket
import sys


def main() -> int:
    path, project = sys.argv[1], sys.argv[2]  # a project name is only [a-z0-9_-]: nothing in it to escape
    filters = "%7B%22label%22%3A%5B%22com.docker.compose.project%3D" + project + "%22%5D%7D"
    target = f"/containers/json?all=1&filters={filters}"
    request = f"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(path)
        sock.sendall(request.encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return 0 if answer.startswith(b"HTTP/1.1 200") and f'"{project}"'.encode() in answer else 1


if __name__ == "__main__":
    sys.exit(main())
