"""View-models: EventDispatcher objects holding what the screens show and doing what they
ask. No widgets here; the API client and the task runner come in through `Context`."""
