"""檔案 archives: filing closed documents and cases with a retention period, and lending the files
(借閱) until a due date watched on the supervision board."""
