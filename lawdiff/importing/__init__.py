"""Import: national-database Markdown ⇄ AKN, the drafting language of amending instruments, translations."""
