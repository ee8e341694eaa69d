// Placeholder entry point; the generator is being written (issue 3).
return 0;
