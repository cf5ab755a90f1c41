"""Reports the affiliated bodies (湖南省僑商會, 湖南省華僑公益基金會) owe the office: annual work reports and major matters."""
