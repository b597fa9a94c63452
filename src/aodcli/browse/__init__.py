"""`aod browse`: the guide in one full-screen Textual view.

``guide`` holds what the screen shows (the pack, one profile's progress from
the store, the changes it makes through the store's commit); ``panes``,
``dialogs`` and ``app`` are the Textual screen over it. Only ``aod browse``
imports this package, so no other command pays for Textual.
"""
