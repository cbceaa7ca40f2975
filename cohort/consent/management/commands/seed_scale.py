"""``manage.py seed_scale``: the benchmarks' data set (the builder is ``bench/scale_seed.py``,
where STYLE.md keeps data generators). It lives in this app because it seeds every app and
consent is the one that already sits above them all (threads, cases, programme, blog): in
the core it would break the rule that the core imports no capability
(tests/cohort_tests/test_core_boundaries.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bench import scale_seed
from cohort.management.commands.seed_demo import _quiet


def _sizes(value):
    try:
        sizes = tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        sizes = ()
    if not sizes or min(sizes) < 1:
        raise CommandError(f"--thread-sizes takes whole numbers above 0, like 10,200,2000 "
                           f"(got {value!r}).")
    return sizes


class Command(BaseCommand):
    help = (
        "Build a large, reproducible data set for benchmarks (bench/run.py) in its own "
        f"programme, /{scale_seed.PROGRAMME_SLUG}/, and blog, /{scale_seed.BLOG_SLUG}/: "
        "editions with members, sessions, cases, reflections and threads (in edition 1 the "
        "long threads of --thread-sizes), blog posts in a series, and notifications for "
        f"{scale_seed.MANY_EMAIL}, a participant of every edition. "
        f"{scale_seed.FACILITATOR_EMAIL} facilitates every edition, "
        f"{scale_seed.FACILITATOR2_EMAIL} the first {scale_seed.FACILITATOR2_EDITIONS}; "
        "participants are schaal-e{E}-d{M}@example.org. "
        "When the programme exists already it says so and changes nothing; --reset removes "
        "what an earlier run made (its programme, blog, series and schaal-* accounts) and "
        "builds it again. Runs in one transaction: it is there whole, or not at all."
    )

    def add_arguments(self, parser):
        default = scale_seed.Sizes()
        parser.add_argument("--editions", type=int, default=default.editions,
                            help=f"Editions (default {default.editions}).")
        parser.add_argument("--members", type=int, default=default.members,
                            help="Participants per edition, besides schaal-veel "
                                 f"(default {default.members}).")
        parser.add_argument("--cases", type=int, default=default.cases,
                            help=f"Cases per edition (default {default.cases}).")
        parser.add_argument("--posts", type=int, default=default.posts,
                            help=f"Published blog posts (default {default.posts}).")
        parser.add_argument("--notifications", type=int, default=default.notifications,
                            help="Notifications for schaal-veel "
                                 f"(default {default.notifications}).")
        parser.add_argument("--thread-sizes", type=_sizes,
                            default=",".join(map(str, default.thread_sizes)),
                            help="Comments in edition 1's long threads, comma-separated "
                                 "(default 10,200,2000).")
        parser.add_argument("--seed", type=int, default=1,
                            help="Random seed: the same seed builds the same data (default 1).")
        parser.add_argument("--password", default="leergang-demo",
                            help="Password of every schaal-* account (default leergang-demo).")
        parser.add_argument("--reset", action="store_true",
                            help="Remove an earlier run's data first, then build again.")
        parser.add_argument("--check", action="store_true",
                            help="Afterwards, open the main pages with the test client and "
                                 "report their status.")

    def handle(self, *args, **options):
        sizes = scale_seed.Sizes(
            editions=options["editions"], members=options["members"], cases=options["cases"],
            posts=options["posts"], notifications=options["notifications"],
            thread_sizes=options["thread_sizes"] if isinstance(options["thread_sizes"], tuple)
            else _sizes(options["thread_sizes"]),
        )
        if min(sizes.editions, sizes.members) < 1 or min(
                sizes.cases, sizes.posts, sizes.notifications) < 0:
            raise CommandError("--editions and --members must be at least 1, the other "
                               "sizes at least 0.")
        if len(sizes.thread_sizes) > sizes.members:
            raise CommandError("The long threads are under reflections of edition 1's "
                               "participants besides the first (schaal-veel counts too): "
                               f"{len(sizes.thread_sizes)} threads need --members "
                               f"{len(sizes.thread_sizes)} or more.")
        log = self.stdout.write
        # The in-process tasks (no Redis) log a line each, for every post published.
        with _quiet("celery", "kombu"):
            if scale_seed.existing_programme() is not None:
                if not options["reset"]:
                    self.stdout.write(self.style.WARNING(
                        f"The scale data exists already (/{scale_seed.PROGRAMME_SLUG}/): "
                        "nothing changed. Pass --reset to build it again."))
                    self._check(options)
                    return
                with transaction.atomic():
                    log("Removing the earlier scale data …")
                    scale_seed.reset(log=log)
            log("Building the scale data …")
            with transaction.atomic():
                built = scale_seed.build(sizes, seed=options["seed"],
                                         password=options["password"], log=log)
        self.stdout.write(self.style.SUCCESS(f"Scale data ready in {built.seconds:.1f} s."))
        for name, count in built.counts.items():
            self.stdout.write(f"  {name:<30}{count:>8}")
        self.stdout.write(f"  long threads (edition 1): {', '.join(map(str, sizes.thread_sizes))}"
                          " comments, under shared reflections")
        self.stdout.write(f"  Programme: {built.programme.url}   Blog: {built.blog.url}")
        self.stdout.write(f"  Accounts:  {scale_seed.FACILITATOR_EMAIL} (all editions), "
                          f"{scale_seed.FACILITATOR2_EMAIL} (editions 1-"
                          f"{scale_seed.FACILITATOR2_EDITIONS}), {scale_seed.MANY_EMAIL}, "
                          f"schaal-e1-d1@example.org …; password {options['password']}")
        self._check(options)

    def _check(self, options):
        if not options["check"]:
            return
        self.stdout.write("Pages with the data:")
        failed = False
        for who, url, status in scale_seed.smoke_check():
            failed |= status != 200
            self.stdout.write(f"  {status}  {url}  ({who})")
        if failed:
            raise CommandError("Some pages did not answer 200.")
