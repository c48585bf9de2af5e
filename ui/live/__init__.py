"""The live-session window: the circle, the prompt, the timers and the notes, keyboard first."""
