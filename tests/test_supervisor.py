"""The supervisor's decisions with a fake clock: restart with backoff, hangs, one line each."""

from bot.supervisor import BACKOFF_FIRST, HANG_CHECKS, Child, Supervisor


class FakeProc:
    def __init__(self):
        self.returncode = None
        self.killed = False

    def poll(self):
        return self.returncode

    def kill(self):
        self.killed, self.returncode = True, -9

    def wait(self, timeout=None):
        return self.returncode


class World:
    def __init__(self):
        self.now, self.healthy, self.lines, self.started = 0.0, True, [], []

    def start(self, command):
        self.started.append(FakeProc())
        return self.started[-1]

    def supervisor(self, first_check: bool = True):
        sup = Supervisor(
            start=self.start,
            say=self.lines.append,
            is_healthy=lambda url: self.healthy,
            clock=lambda: self.now,
        )
        sup.add(Child("Rasa", ["rasa"], "http://x/", startup_seconds=60))
        if first_check:
            sup.check()  # answers at once
        return sup


def test_an_exited_child_is_restarted_after_a_growing_delay():
    world = World()
    sup = world.supervisor()
    world.started[-1].returncode = 1
    sup.check()
    assert world.lines[-1] == f"Rasa exited with code 1; restarting it in {BACKOFF_FIRST:.0f} s."
    assert len(world.started) == 1  # not yet: the backoff
    world.now += BACKOFF_FIRST
    sup.check()
    assert len(world.started) == 2
    world.started[-1].returncode = 1
    sup.check()
    assert "restarting it in 2 s" in world.lines[-1]  # doubled


def test_a_child_that_stops_answering_is_killed_and_restarted_once():
    world = World()
    sup = world.supervisor()
    world.healthy = False
    for _ in range(HANG_CHECKS - 1):
        world.now += 2
        sup.check()
    assert not world.started[-1].killed
    world.now += 2
    sup.check()
    assert world.started[-1].killed
    assert sum("did not answer" in line for line in world.lines) == 1
    world.now += BACKOFF_FIRST
    world.healthy = True
    sup.check()  # relaunched
    sup.check()
    assert len(world.started) == 2 and world.lines[-1] == "Rasa is answering again."


def test_a_slow_start_is_not_a_hang():
    world = World()
    world.healthy = False
    sup = world.supervisor(first_check=False)
    for _ in range(20):  # 40 s of loading the model
        world.now += 2
        sup.check()
    assert world.lines == [] and not world.started[-1].killed
    world.now += 30  # past its start-up time without ever answering
    sup.check()
    assert world.started[-1].killed and "did not answer" in world.lines[-1]
