"""Hostile input: a hostile value in every slot of every command, and hostile files and outputs the user names."""
