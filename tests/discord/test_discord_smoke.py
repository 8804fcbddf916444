from tests.discord.payloads import slash


async def test_quiz_smoke(harness, standin):
    calls = await harness.interact(slash("quiz"))
    print(calls[0].method, calls[0].path, calls[0].body)
    assert calls[0].body["type"] == 4
