"""Stage queues: bounded (a producer waits while the consumer is behind), batched, and ended."""

from __future__ import annotations

import asyncio

from app.pipeline.stages import END, StageProgress, StageQueue


def test_a_full_queue_holds_the_producer_back_until_the_consumer_takes():
    async def scenario() -> tuple[int, list[int], int]:
        queue: StageQueue[int] = StageQueue(3)
        produced: list[int] = []

        async def producer() -> None:
            for n in range(10):
                await queue.put(n)
                produced.append(n)
            await queue.close()

        task = asyncio.create_task(producer())
        await asyncio.sleep(0.05)
        held_back = len(produced)  # the consumer has taken nothing yet
        taken = []
        while (item := await queue.get()) is not END:
            taken.append(item)
            await asyncio.sleep(0)
        await task
        return held_back, taken, queue.high_water

    held_back, taken, high_water = asyncio.run(scenario())
    assert held_back == 3 and taken == list(range(10)) and high_water == 3


def test_batches_take_what_is_queued_until_the_size_is_reached_and_then_say_the_queue_ended():
    async def scenario() -> list[tuple[list[int], bool]]:
        queue: StageQueue[int] = StageQueue(10)
        for n in (1, 2, 3, 4, 5):
            await queue.put(n)
        await queue.close()
        return [await queue.batch(6, size_of=lambda n: n), await queue.batch(6, size_of=lambda n: n),
                await queue.batch(6)]

    # The item that reaches the size is the last of its batch (one page's images are not split).
    assert asyncio.run(scenario()) == [([1, 2, 3], False), ([4, 5], False), ([], True)]


def test_a_batch_under_half_full_waits_a_little_for_more():
    async def scenario() -> list[int]:
        queue: StageQueue[int] = StageQueue(10)
        await queue.put(1)

        async def later() -> None:
            await asyncio.sleep(0.02)
            await queue.put(2)

        task = asyncio.create_task(later())
        batch, _ = await queue.batch(8, linger_s=1.0)
        await task
        return batch

    assert asyncio.run(scenario()) == [1, 2]


def test_progress_counts_each_stage_and_tells_a_listener():
    heard: list[dict[str, int]] = []
    progress = StageProgress(("fetched", "stored"), listener=lambda p: heard.append(dict(p.done)))
    progress.advance("fetched", 2)
    progress.advance("stored")
    assert heard == [{"fetched": 2, "stored": 0}, {"fetched": 2, "stored": 1}]
    assert set(progress.rates()) == {"fetched", "stored"}


def test_a_summary_line_names_every_stage_with_its_unit():
    progress = StageProgress(("fetched", "decoded", "stored"), units={"decoded": "images"})
    progress.advance("fetched", 3)
    progress.advance("decoded", 7)
    assert progress.summary() == "fetched 3 · decoded 7 images · stored 0"


def test_a_slow_listener_hears_at_most_so_often_and_always_the_end():
    heard: list[int] = []
    progress = StageProgress(("fetched", "stored"), every_s=60.0, listener=lambda p: heard.append(p.done["stored"]))
    progress.advance("fetched", 3)  # heard: the first change
    progress.advance("stored")
    progress.advance("stored")
    progress.advance("stored")  # heard: all fetched pages are stored
    assert heard == [0, 3]

