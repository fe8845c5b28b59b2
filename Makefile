# PocketChart: `make demo` serves the product on one machine; `make test` runs every check.
# Both work on a fresh machine with nothing but Python 3.11: they create .venv if no
# virtualenv is active and install what requirements*.txt pin.

PYTHON ?= python3
ifdef VIRTUAL_ENV
VENV := $(VIRTUAL_ENV)
else
VENV := .venv
endif
BIN := $(VENV)/bin
REQ_HASH := $(shell cat requirements.txt requirements-dev.txt | $(PYTHON) -c "import hashlib,sys; print(hashlib.sha1(sys.stdin.buffer.read()).hexdigest()[:12])")
STAMP := $(VENV)/.installed-$(REQ_HASH)
export PYTHONPATH := $(CURDIR)/backend:$(CURDIR)
export MYPYPATH := $(CURDIR)/backend:$(CURDIR)

.PHONY: install test lint typecheck pytest demo serve migrate worker beat clean app drill drills stack

$(STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy shared backend

pytest: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck pytest

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py load_demo_hospitals
	$(BIN)/python manage.py load_demo_staff
	@$(BIN)/python manage.py runserver 127.0.0.1:8000 --noreload & server=$$!; \
	trap "kill $$server 2>/dev/null" INT TERM EXIT; \
	echo "Loading demo patients through the API:"; \
	$(BIN)/python tools/demo.py --base-url http://127.0.0.1:8000 || exit 1; \
	echo "Pushing demo records as the demo hospitals:"; \
	for hospital in seoul-general busan-clinic; do \
		$(BIN)/python -m shared.hospital.push --keys var/demo/hospitals/$$hospital \
			--base-url http://127.0.0.1:8000 tests/fixtures/records/demo/$$hospital || exit 1; \
	done; \
	echo ""; \
	echo "PocketChart is serving on http://127.0.0.1:8000 (Ctrl-C to stop)"; \
	echo "  API docs:       http://127.0.0.1:8000/api/docs/"; \
	echo "  Operator admin: http://127.0.0.1:8000/admin/  (credentials printed above)"; \
	echo "  Health:         http://127.0.0.1:8000/healthz"; \
	wait $$server

# The phone app (Kivy) on the desktop, against PHR_SERVER_URL (default: `make demo`'s server).
PHR_SERVER_URL ?= http://127.0.0.1:8000
app: install
	PHR_SERVER_URL=$(PHR_SERVER_URL) $(BIN)/python -m mobile.main

worker: install
	$(BIN)/celery -A config worker -l INFO

beat: install
	$(BIN)/celery -A config beat -l INFO

# The production shape on one machine (tools/stack.py): gunicorn, a Celery worker and beat with
# production settings on the local PostgreSQL and Redis, its own database; Ctrl-C stops it.
# e.g. make stack STACK_ARGS="--recreate --port 8800 --web 4"
stack: install
	$(BIN)/python tools/stack.py $(STACK_ARGS)

# Failure drills on throwaway PostgreSQL and Redis (docs/operations.md, "Failure drills"):
# `make drill DRILL=redis-outage PUSHES=500`, or every drill at full size with `make drills`.
DRILL ?= redis-outage
PUSHES ?= 500
drill: install
	$(BIN)/python drills/run.py --drill $(DRILL) --pushes $(PUSHES)

drills: install
	$(BIN)/python drills/run.py --drill redis-outage --pushes 500
	$(BIN)/python drills/run.py --drill worker-kill --pushes 200
	$(BIN)/python drills/run.py --drill postgres-restart --pushes 300
	$(BIN)/python drills/run.py --drill restore

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
