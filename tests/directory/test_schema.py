"""Every field of the entry format is documented, HSDS style: a description and an example."""

from pydantic import BaseModel

from directory import schema


def models():
    return [
        value
        for value in vars(schema).values()
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value not in (BaseModel, schema.StrictModel)
    ]


def test_every_field_has_a_description_and_an_example():
    missing = [
        f"{model.__name__}.{name}"
        for model in models()
        for name, field in model.__fields__.items()
        if not field.field_info.description or "example" not in field.field_info.extra
    ]
    assert missing == []


def test_every_model_says_what_it_is():
    assert all(model.__doc__ for model in models())


def test_json_schema_carries_the_docs():
    properties = schema.Entry.schema()["properties"]
    assert properties["verified_on"]["description"]
    assert properties["phones"]["example"] == [{"number": "020-50 50 50", "type": "voice"}]


def test_urls_and_emails():
    for good in [
        "https://www.askersund.se",
        "http://127.0.0.1:8000/x",
        "https://bris.se/a?b=c",
        "https://www.kvinnojour-örebro.se",
    ]:
        assert schema.check_url(good) == good
    for bad in [
        "www.example.se",
        "ftp://example.se",
        "https://",
        "https://exa mple.se",
        "https://example",
        "https://example.se:port",
    ]:
        try:
            schema.check_url(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad} was accepted")
    assert schema.check_email("fraga@boj.se") == "fraga@boj.se"
    for bad in ["fraga(at)boj.se", "fraga@boj", "@boj.se", "a b@boj.se", "a@@boj.se"]:
        try:
            schema.check_email(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad} was accepted")
