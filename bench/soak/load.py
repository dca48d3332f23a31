"""The load generator: one thread per simulated person, with `requests` sessions (cookies, CSRF
tokens read from the csrftoken cookie for the API and from the form for pages), and one shared
token bucket that bounds the total request rate.

Every request is recorded under an endpoint *name* (the URL pattern, not the URL) with its
status and latency. A 5xx or a transport error (refused, reset, timed out) is an error; a 4xx is
counted by status and reported (a recommendation refused with 409 while Celery has not computed
the eligible amount yet, an approval refused with 400 above a cap, are the portal doing its job).
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import requests

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_FIELD = re.compile(r'name="version" value="(\d+)"')
SCHEME_DOCUMENTS = {
    "futian-internship": ["identity", "degree", "contract"],
    "luohu-living": ["identity", "contract", "social-insurance"],
    "gba-mentor": ["identity", "service-log"],
}


class RateLimiter:
    """A token bucket shared by every thread: at most `rate` requests a second on average."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate
        self.next_at = time.monotonic()
        self.lock = threading.Lock()

    def wait(self) -> None:
        with self.lock:
            now = time.monotonic()
            self.next_at = max(self.next_at + self.interval, now)
            delay = self.next_at - now
        if delay > 0:
            time.sleep(delay)


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    errors: list[str] = field(default_factory=list)
    actions: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, name: str, status: int | None, seconds: float, detail: str = "") -> None:
        with self.lock:
            self.latencies[name].append(seconds)
            self.statuses[name][status or 0] += 1
            if status is None or status >= 500:
                self.errors.append(f"{name}: {status or 'transport error'} {detail}"[:300])

    def count(self, action: str) -> None:
        with self.lock:
            self.actions[action] += 1


class Client:
    """A person's browser: a session, their language, the shared limiter and stats."""

    def __init__(self, base_url: str, language: str, limiter: RateLimiter, stats: Stats):
        self.base = base_url
        self.lang = language
        self.limiter = limiter
        self.stats = stats
        self.session = requests.Session()

    def request(self, method: str, name: str, path: str, **kwargs) -> requests.Response | None:
        self.limiter.wait()
        headers = kwargs.pop("headers", {})
        if method != "GET" and "csrftoken" in self.session.cookies:
            headers["X-CSRFToken"] = self.session.cookies["csrftoken"]
        headers.setdefault("Referer", self.base + "/")
        start = time.perf_counter()
        try:
            response = self.session.request(
                method, self.base + path, headers=headers, timeout=30, allow_redirects=False, **kwargs
            )
        except requests.RequestException as exc:
            self.stats.record(f"{method} {name}", None, time.perf_counter() - start, type(exc).__name__)
            return None
        self.stats.record(
            f"{method} {name}",
            response.status_code,
            time.perf_counter() - start,
            response.text[:200] if response.status_code >= 500 else "",
        )
        return response

    def get(self, name: str, path: str, **kwargs):
        return self.request("GET", name, path, **kwargs)

    def post(self, name: str, path: str, **kwargs):
        return self.request("POST", name, path, **kwargs)

    def login(self, email: str, password: str) -> bool:
        page = self.get("/<lang>/accounts/login/", f"/{self.lang}/accounts/login/")
        if page is None or page.status_code != 200:
            return False
        token = CSRF_FIELD.search(page.text)
        response = self.post(
            "/<lang>/accounts/login/",
            f"/{self.lang}/accounts/login/",
            data={"csrfmiddlewaretoken": token.group(1) if token else "", "username": email, "password": password},
        )
        return response is not None and response.status_code == 302


# --- the people ------------------------------------------------------------------------------------


def browse(client: Client, plan: dict, rng: random.Random) -> None:
    """Anonymous: the home page, policy guides (list, search, detail), bases, mentors, the APIs."""
    lang = client.lang
    choice = rng.random()
    if choice < 0.15:
        client.get("/<lang>/", f"/{lang}/")
    elif choice < 0.35:
        term = rng.choice(plan["search_terms"][lang])
        client.get("/<lang>/policies/?search=", f"/{lang}/policies/", params={"search": term})
    elif choice < 0.45 and plan["policy_slugs"]:
        client.get("/<lang>/policies/<slug>/", f"/{lang}/policies/{rng.choice(plan['policy_slugs'])}/")
    elif choice < 0.55:
        client.get("/<lang>/policies/", f"/{lang}/policies/")
    elif choice < 0.65:
        client.get("/<lang>/bases/", f"/{lang}/bases/")
    elif choice < 0.72 and plan["base_ids"]:
        client.get("/<lang>/bases/<id>/", f"/{lang}/bases/{rng.choice(plan['base_ids'])}/")
    elif choice < 0.80:
        client.get("/<lang>/mentors/", f"/{lang}/mentors/")
    elif choice < 0.85:
        client.get("/<lang>/subsidies/", f"/{lang}/subsidies/")
    elif choice < 0.92:
        term = rng.choice(plan["search_terms"][lang])
        client.get(
            "/api/v1/policies/?search=", "/api/v1/policies/", params={"search": term}, headers={"Accept-Language": lang}
        )
    else:
        client.get("/api/v1/incubators/bases/", "/api/v1/incubators/bases/")


def _claim_body(scheme: str, person: dict, rng: random.Random) -> dict:
    body = {"scheme": scheme, "identity_type": "hkid", "identity_number": person["identity"]}
    if scheme == "futian-internship":
        start = date.today() - timedelta(days=rng.randint(120, 400))
        body.update(
            education_level=rng.choice(["associate", "bachelor", "master", "phd"]),
            start_date=start.isoformat(),
            end_date=(start + timedelta(days=rng.randint(60, 180))).isoformat(),
        )
    elif scheme == "luohu-living":
        body.update(requested_amount="60000.00", company_name="Luohu Soak Ltd")
    return body


def file_claim(client: Client, person: dict, scheme: str, rng: random.Random) -> None:
    """A claim created, its documents uploaded one by one, then submitted."""
    response = client.post(
        "/api/v1/subsidies/claims/", "/api/v1/subsidies/claims/", json=_claim_body(scheme, person, rng)
    )
    if response is None or response.status_code != 201:
        return
    claim_id = response.json()["id"]
    for kind in SCHEME_DOCUMENTS[scheme]:
        client.post(
            "/api/v1/subsidies/claims/<id>/documents/",
            f"/api/v1/subsidies/claims/{claim_id}/documents/",
            data={"kind": kind},
            files={"file": (f"{kind}.pdf", PDF, "application/pdf")},
        )
    submitted = client.post(
        "/api/v1/subsidies/claims/<id>/submit/", f"/api/v1/subsidies/claims/{claim_id}/submit/", json={}
    )
    if submitted is not None and submitted.status_code == 200:
        client.stats.count("claims submitted")


def youth(client: Client, person: dict, plan: dict, rng: random.Random) -> None:
    choice = rng.random()
    if choice < 0.35:
        file_claim(client, person, rng.choice(["futian-internship", "luohu-living"]), rng)
    elif choice < 0.6:
        client.get("/<lang>/subsidies/claims/", f"/{client.lang}/subsidies/claims/")
    elif choice < 0.8:
        client.get("/api/v1/subsidies/claims/", "/api/v1/subsidies/claims/")
    elif choice < 0.9:
        client.get("/<lang>/dashboard/", f"/{client.lang}/dashboard/")
    else:
        browse(client, plan, rng)


def mentor(client: Client, person: dict, plan: dict, rng: random.Random) -> None:
    choice = rng.random()
    if choice < 0.55:
        start = date.fromisoformat(person["relationship_start"])
        day = start + timedelta(days=rng.randint(0, (date.today() - start).days))
        response = client.post(
            "/api/v1/mentorship/services/",
            "/api/v1/mentorship/services/",
            json={
                "relationship": rng.choice(person["relationships"]),
                "kind": "career_guidance",
                "date": day.isoformat(),
                "topic": "Career planning in the GBA",
            },
        )
        if response is not None and response.status_code == 201:
            client.stats.count("services logged")
    elif choice < 0.62:
        file_claim(client, person, "gba-mentor", rng)
    elif choice < 0.8:
        client.get("/<lang>/mentors/my-mentees/", f"/{client.lang}/mentors/my-mentees/")
    else:
        client.get("/api/v1/mentorship/relationships/", "/api/v1/mentorship/relationships/")


def operator(client: Client, person: dict, plan: dict, rng: random.Random, state: dict) -> None:
    """Files the base's monthly reports month after month (figures growing), then keeps the
    current month's report up to date; reads the base's history."""
    base = person["base"]
    if rng.random() < 0.25:
        client.get("/<lang>/bases/<id>/history/", f"/{client.lang}/bases/{base}/history/")
        return
    today = date.today()
    month = state.setdefault("month", 0)
    first = date(today.year - 3, today.month, 1)
    period = date(first.year + (first.month - 1 + month) // 12, (first.month - 1 + month) % 12 + 1, 1)
    if period > date(today.year, today.month, 1):
        period = date(today.year, today.month, 1)
        month -= 1
    path = f"/{client.lang}/bases/{base}/reports/{period:%Y-%m}/"
    form = client.get("/<lang>/bases/<id>/reports/<period>/", path)
    if form is None or form.status_code != 200:
        return
    token = CSRF_FIELD.search(form.text)
    version = VERSION_FIELD.search(form.text)
    edits = state.setdefault("edits", 0)
    figures = {
        "incubated_total": 10 + month,
        "incubated_hkmo": 5 + month // 2,
        "incubating": 6,
        "incubating_hkmo": 3,
        "members": 60 + month,
        "members_hkmo": 20,
        "ip_items": month + edits,
        "financing_rmb": f"{100000 * month}.00",
    }
    data = {
        "csrfmiddlewaretoken": token.group(1) if token else "",
        "version": version.group(1) if version else "",
        "correction_reason": "",
        **figures,
    }
    response = client.post("/<lang>/bases/<id>/reports/<period>/", path, data=data)
    if response is not None and response.status_code == 302:
        client.stats.count("reports filed")
        state["month"] = month + 1
        if period == date(today.year, today.month, 1):
            state["edits"] = edits + 1


def reviewer(client: Client, person: dict, plan: dict, rng: random.Random) -> None:
    choice = rng.random()
    if choice < 0.2:
        client.get("/<lang>/subsidies/review/", f"/{client.lang}/subsidies/review/")
        return
    state = rng.choice(["submitted", "resubmitted"]) if choice < 0.3 else "submitted"
    response = client.get("/api/v1/subsidies/claims/?state=", "/api/v1/subsidies/claims/", params={"state": state})
    if response is None or response.status_code != 200 or not response.json()["results"]:
        return
    claim = rng.choice(response.json()["results"])
    if rng.random() < 0.1:
        client.post(
            "/api/v1/subsidies/claims/<id>/reject/",
            f"/api/v1/subsidies/claims/{claim['id']}/reject/",
            json={"reason": "The contract does not cover the period."},
        )
        return
    done = client.post(
        "/api/v1/subsidies/claims/<id>/recommend/",
        f"/api/v1/subsidies/claims/{claim['id']}/recommend/",
        json={"note": "Documents complete."},
    )
    if done is not None and done.status_code == 200:
        client.stats.count("claims recommended")


def approver(client: Client, person: dict, plan: dict, rng: random.Random, state: dict) -> None:
    """Approves recommended claims for their eligible amount (rejects one refused above a cap or
    the budget); every so often gathers the approved claims in a payment batch and pays it."""
    now = time.monotonic()
    if now - state.setdefault("batched_at", now) > state.setdefault("batch_every", rng.uniform(20, 40)):
        state["batched_at"] = now
        batch = client.post("/api/v1/subsidies/payment-batches/", "/api/v1/subsidies/payment-batches/", json={})
        if batch is not None and batch.status_code == 201:
            paid = client.post(
                "/api/v1/subsidies/payment-batches/<id>/mark-paid/",
                f"/api/v1/subsidies/payment-batches/{batch.json()['id']}/mark-paid/",
                json={},
            )
            if paid is not None and paid.status_code == 200:
                client.stats.count("payment batches paid")
        return
    if rng.random() < 0.15:
        client.get("/<lang>/subsidies/batches/", f"/{client.lang}/subsidies/batches/")
        return
    response = client.get(
        "/api/v1/subsidies/claims/?state=", "/api/v1/subsidies/claims/", params={"state": "recommended"}
    )
    if response is None or response.status_code != 200 or not response.json()["results"]:
        return
    claim = rng.choice(response.json()["results"])
    detail = client.get("/api/v1/subsidies/claims/<id>/", f"/api/v1/subsidies/claims/{claim['id']}/")
    if detail is None or detail.status_code != 200:
        return
    body = detail.json()
    eligible = body.get("eligible_amount")
    requested = body.get("requested_amount")
    amounts = [Decimal(a) for a in (eligible, requested) if a is not None]
    if not amounts or min(amounts) <= 0:
        client.post(
            "/api/v1/subsidies/claims/<id>/reject/",
            f"/api/v1/subsidies/claims/{claim['id']}/reject/",
            json={"reason": "Nothing to pay."},
        )
        return
    done = client.post(
        "/api/v1/subsidies/claims/<id>/approve/",
        f"/api/v1/subsidies/claims/{claim['id']}/approve/",
        json={"amount": str(min(amounts)), "reason": "As computed."},
    )
    if done is not None and done.status_code == 200:
        client.stats.count("claims approved")
    elif done is not None and done.status_code == 400:
        client.post(
            "/api/v1/subsidies/claims/<id>/reject/",
            f"/api/v1/subsidies/claims/{claim['id']}/reject/",
            json={"reason": "Above the person's cap or the budget."},
        )


def run(base_url: str, plan: dict, *, seconds: float, rate: float, seed: int = 8) -> Stats:
    """Every person in a thread of their own until `seconds` have passed; returns the stats."""
    stats = Stats()
    limiter = RateLimiter(rate)
    deadline = time.monotonic() + seconds
    people = [("anonymous", {"language": lang}) for lang in ("zh-hant", "zh-hans", "en")]
    people += [("youth", p) for p in plan["youths"]] + [("mentor", p) for p in plan["mentors"]]
    people += [("operator", p) for p in plan["operators"]] + [("reviewer", p) for p in plan["reviewers"]]
    people += [("approver", p) for p in plan["approvers"]]

    def person_loop(index: int, role: str, person: dict) -> None:
        rng = random.Random(seed * 1000 + index)
        client = Client(base_url, person["language"], limiter, stats)
        time.sleep(index * 0.25)  # sign-ins (password hashing) spread over the first seconds
        if role != "anonymous" and not client.login(person["email"], plan["password"]):
            stats.errors.append(f"{role} {person['email']} could not sign in")
            return
        state: dict = {}
        while time.monotonic() < deadline:
            if role == "anonymous":
                browse(client, plan, rng)
            elif role in ("operator", "approver"):
                globals()[role](client, person, plan, rng, state)
            else:
                globals()[role](client, person, plan, rng)

    threads = [
        threading.Thread(target=person_loop, args=(i, role, person), daemon=True)
        for i, (role, person) in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic() + 60))
    return stats
