from compose.ui.table import columns


def test_columns_pad_all_but_the_last() -> None:
    text = columns([("NAME", "STATUS", "PORTS"), ("demo-web-1", "running (healthy)", "")])
    assert text.splitlines() == [
        "NAME         STATUS              PORTS",
        "demo-web-1   running (healthy)",
    ]
