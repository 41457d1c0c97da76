# asyncio as LLM answers use it: run, gather, sleep, queues, wait_for,
# TaskGroup and timeout, on an event loop without sockets.
import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)
    return f"{name} after {delay}s"


async def producer(queue):
    for i in range(3):
        await queue.put(i)
    await queue.put(None)


async def consumer(queue):
    got = []
    while (item := await queue.get()) is not None:
        got.append(item * 10)
    return got


async def main():
    print(await asyncio.gather(fetch("a", 0.02), fetch("b", 0.01)))
    queue = asyncio.Queue()
    _, got = await asyncio.gather(producer(queue), consumer(queue))
    print("consumed", got)
    try:
        await asyncio.wait_for(asyncio.sleep(10), timeout=0.01)
    except TimeoutError:
        print("wait_for timed out")
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(fetch(n, 0.01)) for n in "xy"]
    print([t.result() for t in tasks])
    try:
        async with asyncio.timeout(0.01):
            await asyncio.sleep(10)
    except TimeoutError:
        print("timeout() fired")


asyncio.run(main())
print("loop closed:", asyncio.get_event_loop_policy() is not None)
