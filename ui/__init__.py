"""The Gradio web UI: thin handlers over assistant/ (see ui/app.py)."""
